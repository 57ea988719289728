import { join } from 'node:path';
import { evaluateVariants, readJudgedSet } from '../../src/eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../../src/eval/quality-report.js';
import { PROJECT_ROOT } from './project-root.js';
import type { Benchmark } from './runner.js';
import { lexicalSampleOn, SAMPLE_INDEX_NOTE, withLexicalSample } from './sample-index.js';
import { startPgliteServer, type PgliteServer } from './pglite-server.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_FUSION } from '../../src/search/fusion.js';
import { openBackend } from '../../src/index/backends.js';
import type { PostgresBackend } from '../../src/index/postgres/postgres-backend.js';
import { createLogger } from '../../src/logger.js';

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
    const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
    return withLexicalSample(log, async (open) => {
      const outcome = qualityOutcome(await evaluateVariants(judged, open));
      outcome.notes.push(SAMPLE_INDEX_NOTE);
      return outcome;
    });
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
  async run(options, log) {
    const external = loadConfig().PAPER_SEARCH_BENCH_POSTGRES_URL;
    // PGlite answers slowly: a quick run scores the default fusion only.
    const fusions = options.quick ? [DEFAULT_FUSION] : undefined;
    const server = external ? null : await startPgliteServer();
    try {
      const url = external ?? (server as PgliteServer).url;
      const backend = (await openBackend(
        { backend: url, index: `quality_${process.pid}` },
        { filterScanBelow: 0, log: createLogger('silent') },
      )) as PostgresBackend;
      try {
        const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
        const outcome = await lexicalSampleOn(backend, log, async (open) =>
          qualityOutcome(await evaluateVariants(judged, open, fusions)),
        );
        outcome.notes.push(
          `The index is the sample corpus built by \`ingest --embedder lexical\` on ${
            external ? 'the PostgreSQL server PAPER_SEARCH_BENCH_POSTGRES_URL names' : 'PGlite'
          } (${await backend.serverVersion()}), dropped afterwards; its text engine is the ` +
            "version's `text.engine` in the parameters.",
        );
        await backend.drop();
        return outcome;
      } finally {
        await backend.close();
      }
    } finally {
      await server?.stop();
    }
  },
};
