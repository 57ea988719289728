import { join } from 'node:path';
import type { JudgedCollection } from '../../src/eval/beir.js';
import {
  evaluateCollection,
  STANDARD_VARIANTS,
  type CollectionReport,
} from '../../src/eval/collection-eval.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { readJudgedSet } from '../../src/eval/quality.js';
import { serviceRanker } from '../../src/eval/service-ranker.js';
import type { Backend } from '../../src/index/backend.js';
import { embeddedBackend, openBackend } from '../../src/index/backends.js';
import { createLogger } from '../../src/logger.js';
import { ensureIndex } from '../../src/serving/bootstrap-index.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { MODELS_DIR } from './bench-model.js';
import { startPgliteServer } from './pglite-server.js';
import { SAMPLE_JUDGMENTS } from './quality.js';
import type { Cell, Table } from '../../src/results/report.js';
import { judgedCollections } from './judged-collections.js';
import type { Benchmark } from './runner.js';
import { lexicalSampleOn } from './sample-index.js';
import { round } from './stats.js';
import { makeScratchDir } from './work-files.js';

/** Modes compared: the lexical half alone and the default. */
const MODES = ['lexical', 'hybrid (default)'] as const;

interface Measured {
  collection: string;
  queries: number;
  ndcg: Record<'embedded' | 'postgres', Record<string, number>>;
}

/**
 * Search quality of the Postgres backend on a server without extensions besides pgvector
 * (PGlite with pgvector only, so the postings BM25 ranks), against the embedded backend, on
 * every judged collection in the repository and the sample's judged set. Both indexes are
 * built by the same ingest with the lexical embedder, so the rankings differ only where the
 * backends do.
 */
export const qualityBackendsBenchmark: Benchmark = {
  name: 'quality-backends',
  title: 'Search quality of the Postgres backend without extensions against the embedded backend',
  async run(options, log) {
    const server = await startPgliteServer({ extensions: ['vector'] });
    const scratch = await makeScratchDir('paper-search-quality-backends-');
    const measured: Measured[] = [];
    try {
      for (const collection of await judgedCollections(options.quick)) {
        const { name } = collection;
        const ndcg = {
          embedded: await scoreCollection(
            embeddedBackend(join(scratch.dir, name), silent),
            collection,
            log,
          ),
          postgres: await scoreCollection(
            await postgres(server.url, `quality_${name}`),
            collection,
            log,
          ),
        };
        measured.push({ collection: name, queries: collection.judgments.length, ndcg });
      }
      measured.push(await sampleMeasured(server.url, scratch.dir, log));
    } finally {
      await scratch.cleanup();
      await server.stop();
    }
    return {
      parameters: {
        modes: MODES,
        embedder: 'lexical',
        server: 'PGlite (PostgreSQL 18) with pgvector only',
      },
      tables: [comparisonTable(measured)],
      notes: [
        'nDCG@10 per collection (BEIR collections as `eval --beir` scores them; the sample as `eval` does), the same lexical-embedder index built on each backend.',
        'The Postgres server has no pg_textsearch, so its lexical half is the postings engine (the project BM25 in SQL).',
      ],
      data: measured,
    };
  },
};

const silent = createLogger('silent');

/** The split a collection's qrels hold: test where present, else train (SciFact's claims). */
async function postgres(url: string, index: string): Promise<Backend> {
  const backend = await openBackend({ backend: url, index }, { filterScanBelow: 0, log: silent });
  await (backend as unknown as { drop(): Promise<void> }).drop();
  return backend;
}

async function scoreCollection(
  backend: Backend,
  collection: JudgedCollection,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  log(`${collection.name}: indexing on the ${backend.kind} backend`);
  try {
    await ensureIndex({
      backend,
      corpus: collection.corpusFile,
      embedder: 'lexical',
      model: { model: 'none', modelsDir: MODELS_DIR, dtype: 'fp32', batchSize: 32, threads: 0 },
      keepVersions: 1,
      log: silent,
    });
    const loaded = await loadIndex(
      backend,
      {
        model: { modelsDir: MODELS_DIR, batchSize: 32, threads: 0 },
        queryBatch: 16,
        filterScanBelow: 2000,
      },
      silent,
    );
    let report: CollectionReport;
    try {
      log(
        `${collection.name}: scoring ${collection.judgments.length} queries on the ${backend.kind} backend`,
      );
      report = await evaluateCollection(collection, loaded.service, STANDARD_VARIANTS);
    } finally {
      await loaded.close();
    }
    return Object.fromEntries(report.variants.map((v) => [v.label, v.mean.ndcg10]));
  } finally {
    await backend.close();
  }
}

/** The sample's judged set, scored as `eval` scores it (default fusion), on both backends. */
async function sampleMeasured(
  url: string,
  dir: string,
  log: (line: string) => void,
): Promise<Measured> {
  const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
  const score = async (backend: Backend) => {
    try {
      return await lexicalSampleOn(backend, log, async (open) => {
        const index = await open();
        try {
          const reports = await evaluate(judged.judgments, serviceRanker(index.service), [
            'lexical',
            'hybrid',
          ]);
          return Object.fromEntries(reports.map((r) => [modeLabel(r.mode), r.overall.ndcg10]));
        } finally {
          await index.close();
        }
      });
    } finally {
      await backend.close();
    }
  };
  return {
    collection: 'sample',
    queries: judged.judgments.length,
    ndcg: {
      embedded: await score(embeddedBackend(join(dir, 'sample'), silent)),
      postgres: await score(await postgres(url, 'quality_sample')),
    },
  };
}

function modeLabel(mode: string): string {
  return mode === 'hybrid' ? 'hybrid (default)' : mode;
}

function comparisonTable(measured: readonly Measured[]): Table {
  const rows: Cell[][] = [];
  for (const m of measured) {
    for (const mode of MODES) {
      const embedded = m.ndcg.embedded[mode];
      const postgresScore = m.ndcg.postgres[mode];
      rows.push([
        `${m.collection} (${m.queries})`,
        mode,
        round(embedded, 3),
        round(postgresScore, 3),
        round(postgresScore - embedded, 3),
      ]);
    }
  }
  return {
    title: 'nDCG@10: embedded backend and Postgres without extensions',
    columns: [
      'collection (queries)',
      'ranking',
      'embedded',
      'Postgres, postings BM25',
      'difference',
    ],
    rows,
  };
}
