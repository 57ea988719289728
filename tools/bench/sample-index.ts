import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Backend } from '../../src/index/backend.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { runIngest } from '../../src/ingest/ingest-job.js';
import { createLogger } from '../../src/logger.js';
import type { FusionMethod } from '../../src/search/fusion.js';
import type { LoadedIndex } from '../../src/serving/index-holder.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { makeScratchDir } from './work-files.js';

/** Opens the sample index for scoring, hybrid fusing by the given method (the default if none). */
export type SampleOpener = (fusion?: FusionMethod) => Promise<LoadedIndex>;

/**
 * The sample corpus indexed with the lexical embedder (no model to download, so anyone can
 * reproduce what is scored on it) in a scratch directory, removed once `use` is done.
 */
export async function withLexicalSample<T>(
  log: (line: string) => void,
  use: (open: SampleOpener) => Promise<T>,
): Promise<T> {
  const scratch = await makeScratchDir('paper-search-sample-');
  try {
    const backend = embeddedBackend(join(scratch.dir, 'index'), createLogger('silent'));
    return await lexicalSampleOn(backend, log, use);
  } finally {
    await scratch.cleanup();
  }
}

/** The sample corpus indexed with the lexical embedder into any backend, then used. */
export function lexicalSampleOn<T>(
  backend: Backend,
  log: (line: string) => void,
  use: (open: SampleOpener) => Promise<T>,
): Promise<T> {
  log(`indexing the sample corpus with the lexical embedder (${backend.kind} backend)`);
  return lexicalCorpusOn(backend, SAMPLE_CORPUS, use);
}

/** A corpus file indexed with the lexical embedder into any backend, then used. */
export async function lexicalCorpusOn<T>(
  backend: Backend,
  corpus: string,
  use: (open: SampleOpener) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const silent = createLogger('silent');
  await runIngest({
    inputs: [corpus],
    backend,
    embedder: 'lexical',
    model: { model: 'none', modelsDir: MODELS_DIR, dtype: 'fp32', batchSize: 32, threads: 0 },
    hnsw: DEFAULT_HNSW_PARAMS,
    exactBelow: DEFAULT_EXACT_BELOW,
    keepVersions: 1,
    strict: true,
    log: silent,
    progress: { start() {}, update() {}, stop() {} },
  });
  return use((fusion) =>
    loadIndex(
      backend,
      {
        model: { modelsDir: MODELS_DIR, batchSize: 32, threads: 0 },
        queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
        filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
        fusion,
      },
      silent,
    ),
  );
}

/** The note every results file scored on this index carries. */
export const SAMPLE_INDEX_NOTE =
  'The index is the sample corpus built by `ingest --embedder lexical` with default ' +
  'settings in a scratch directory that is removed afterwards.';
