import { loadConfig } from '../../src/config.js';
import type { EmbedderKind } from '../../src/embed/embedder-factory.js';
import type { ModelDtype } from '../../src/embed/model-files.js';
import { DEFAULT_FILTER_SCAN_BELOW, openBackend } from '../../src/index/backends.js';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { runIngest, type IngestSummary } from '../../src/ingest/ingest-job.js';
import type { ProgressReporter } from '../../src/ingest/progress.js';
import { readChangeLists } from '../../src/ingest/change-list.js';
import { createLogger } from '../../src/logger.js';
import { MODELS_DIR } from './bench-model.js';

/** Benchmarks time the job, not a progress bar. */
export const NO_PROGRESS: ProgressReporter = { start() {}, update() {}, stop() {} };

export interface BenchIngest {
  inputs: string[];
  /** Embedded index root. */
  root: string;
  embedder: EmbedderKind;
  /** Model id under models/ and its dtype (the lexical embedder ignores both). */
  model?: string;
  dtype?: ModelDtype;
  update?: boolean;
  /** `inputs` are change lists applied to the published version (`--update --changes`). */
  changes?: boolean;
  keepVersions?: number;
  /** Sees the embed phase start and end (none by default). */
  progress?: ProgressReporter;
  /** Insert into the graph on a worker thread; the configured default when absent. */
  graphOnWorker?: boolean;
}

/**
 * `paper-search ingest` with the settings a user gets by default (batch, threads, kept versions
 * and where the graph is built from the configuration, default HNSW and exact-search
 * threshold), silent.
 */
export async function benchIngest(job: BenchIngest): Promise<IngestSummary> {
  const config = loadConfig();
  const log = createLogger('silent');
  const backend = await openBackend(
    { backend: 'embedded', index: job.root },
    {
      filterScanBelow: DEFAULT_FILTER_SCAN_BELOW,
      graphOnWorker: job.graphOnWorker ?? config.PAPER_SEARCH_GRAPH_WORKER,
      log,
    },
  );
  return runIngest({
    inputs: job.inputs,
    update: job.update ?? false,
    changes: job.changes ? readChangeLists(job.inputs) : undefined,
    backend,
    embedder: job.embedder,
    model: {
      model: job.model ?? 'none',
      modelsDir: MODELS_DIR,
      dtype: job.dtype ?? config.PAPER_SEARCH_DTYPE,
      batchSize: config.PAPER_SEARCH_BATCH,
      threads: config.PAPER_SEARCH_THREADS,
    },
    hnsw: DEFAULT_HNSW_PARAMS,
    exactBelow: DEFAULT_EXACT_BELOW,
    keepVersions: job.keepVersions ?? config.PAPER_SEARCH_KEEP_VERSIONS,
    strict: false,
    log,
    progress: job.progress ?? NO_PROGRESS,
  });
}
