import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { evaluateVariants, readJudgedSet } from '../eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../eval/quality-report.js';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../index/hnsw-params.js';
import { runIngest } from '../ingest/ingest-job.js';
import { createLogger } from '../logger.js';
import type { Backend } from '../index/backend.js';
import { embeddedBackend, openBackend } from '../index/backends.js';
import type { PostgresBackend } from '../index/postgres/postgres-backend.js';
import { loadIndex } from '../serving/index-loader.js';
import { MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { PROJECT_ROOT } from './project-root.js';
import type { Benchmark } from './runner.js';
import { startPgliteServer, type PgliteServer } from './pglite-server.js';
import { makeScratchDir } from './work-files.js';

export const SAMPLE_JUDGMENTS = join(PROJECT_ROOT, 'data', 'sample', 'judgments.jsonl');

/**
 * Search quality on the sample: the sample corpus indexed with the lexical embedder (no model
 * to download, so anyone can reproduce it) in a scratch directory, scored on its judged set
 * in every mode and fusion method. `paper-search eval --out` does the same for any index.
 */
export const qualityBenchmark: Benchmark = {
  name: QUALITY_NAME,
  title: QUALITY_TITLE,
  async run(_options, log) {
    const silent = createLogger('silent');
    const scratch = await makeScratchDir('paper-search-quality-');
    try {
      const backend = embeddedBackend(join(scratch.dir, 'index'), silent);
      const outcome = await sampleQuality(backend, log);
      outcome.notes.push(
        'The index is the sample corpus built by `ingest --embedder lexical` with default ' +
          'settings in a scratch directory that is removed afterwards.',
      );
      return outcome;
    } finally {
      await scratch.cleanup();
    }
  },
};

/**
 * The same on the Postgres backend: the sample in a database (PGlite, PostgreSQL 18 in
 * WebAssembly with pgvector and pg_textsearch, or the server PAPER_SEARCH_BENCH_POSTGRES_URL
 * names), so the two backends' rankings can be set side by side.
 */
export const qualityPostgresBenchmark: Benchmark = {
  name: `${QUALITY_NAME}-postgres`,
  title: `${QUALITY_TITLE}, on the Postgres backend`,
  async run(_options, log) {
    const silent = createLogger('silent');
    const external = loadConfig().PAPER_SEARCH_BENCH_POSTGRES_URL;
    const server = external ? null : await startPgliteServer();
    try {
      const url = external ?? (server as PgliteServer).url;
      const index = `quality_${process.pid}`;
      const backend = await openBackend(
        { backend: url, index },
        { filterScanBelow: 0, log: silent },
      );
      try {
        const outcome = await sampleQuality(backend, log);
        outcome.notes.push(
          `The index is the sample corpus built by \`ingest --embedder lexical\` on ${
            external ? 'the PostgreSQL server PAPER_SEARCH_BENCH_POSTGRES_URL names' : 'PGlite'
          } (${await (backend as PostgresBackend).serverVersion()}), dropped afterwards; its ` +
            `text engine is the version's \`text.engine\` in the parameters.`,
        );
        await (backend as PostgresBackend).drop();
        return outcome;
      } finally {
        await backend.close();
      }
    } finally {
      await server?.stop();
    }
  },
};

/** Indexes the sample into the backend with the lexical embedder and scores it. */
async function sampleQuality(backend: Backend, log: (line: string) => void) {
  const config = loadConfig();
  const silent = createLogger('silent');
  const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
  log(`indexing the sample corpus with the lexical embedder (${backend.kind})`);
  await runIngest({
    inputs: [SAMPLE_CORPUS],
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
  const run = await evaluateVariants(judged, (fusion) =>
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
  return qualityOutcome(run);
}
