import type { Logger } from 'pino';
import type { EmbedderKind, ModelSettings } from '../embed/embedder-factory.js';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../index/hnsw-params.js';
import type { Backend } from '../index/backend.js';
import { runIngest } from '../ingest/ingest-job.js';
import { createProgressReporter } from '../ingest/progress.js';

export interface BootstrapOptions {
  backend: Backend;
  /** Corpus to build from when the root has nothing published. */
  corpus: string;
  embedder: EmbedderKind;
  model: ModelSettings;
  keepVersions: number;
  log: Logger;
}

/**
 * Quickstart: when the index root has no published version, builds one from the corpus
 * (the ingest log says which embedder it chose and why). An existing index is left alone.
 */
export async function ensureIndex(options: BootstrapOptions): Promise<void> {
  const { backend, corpus, log } = options;
  const existing = await backend.published();
  if (existing) {
    log.info({ index: backend.location, version: existing }, 'serving the existing index');
    return;
  }
  log.info({ index: backend.location, corpus }, 'no published index: building one first');
  const summary = await runIngest({
    inputs: [corpus],
    backend,
    embedder: options.embedder,
    model: options.model,
    hnsw: DEFAULT_HNSW_PARAMS,
    exactBelow: DEFAULT_EXACT_BELOW,
    keepVersions: options.keepVersions,
    strict: false,
    log,
    progress: createProgressReporter(log, Boolean(process.stderr.isTTY)),
  });
  log.info(
    { version: summary.version, papers: summary.ingested, embedder: summary.embedder },
    'index built',
  );
}
