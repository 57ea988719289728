import { createHash } from 'node:crypto';
import type { Paper } from '../../src/corpus/paper.js';
import { fromArxivRecord } from '../../src/corpus/arxiv-reader.js';
import { mapRecord } from '../../src/corpus/record-mapper.js';
import { l2Normalize } from '../../src/embed/pooling.js';
import { analyze } from '../../src/embed/text-analyzer.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { FORMAT_VERSION, type IndexManifest } from '../../src/index/manifest.js';
import { Database } from '../../src/index/postgres/connection.js';
import { PostgresIndexVersion } from '../../src/index/postgres/index-version.js';
import { readVersion } from '../../src/index/postgres/lifecycle.js';
import { IndexNames, versionNumber } from '../../src/index/postgres/names.js';
import { PostgresBackend } from '../../src/index/postgres/postgres-backend.js';
import { readIndexesDdl, type TextEngine } from '../../src/index/postgres/schema.js';
import type { TextIndex, TextTerm } from '../../src/index/text-index.js';
import { likeQuery, textQuery } from '../../src/search/lexical-query.js';
import { loadConfig } from '../../src/config.js';
import { formatCount } from './datasets.js';
import { startPgliteServer } from './pglite-server.js';
import type { Cell, Table } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { percentile, round } from './stats.js';
import { syntheticArxivRecords } from './synthetic-arxiv.js';
import { writePapers } from './write-papers.js';

/** Results each half of a hybrid search fetches, as the service's fusion depth. */
const DEPTH = 100;
const DIMS = 64;
const WRITE_BATCH = 2000;
const QUERIES = { quick: 40, full: 300 };

const ENGINES: Array<{ engine: TextEngine; label: string; queries?: number }> = [
  { engine: 'postings', label: 'postings BM25 (no extension)' },
  { engine: 'fts', label: 'ts_rank' },
  // Far slower per query on PGlite: timed on the first queries of each kind only.
  { engine: 'bm25', label: 'pg_textsearch BM25', queries: 40 },
];

interface EngineRun {
  label: string;
  indexSeconds: number;
  indexBytes: number | null;
  kinds: Record<string, { text: number[]; hybrid: number[] }>;
}

/**
 * The Postgres backend's lexical engines over one corpus of synthetic arXiv papers: the
 * postings engine the index is built with, then ts_rank and (where the server has it)
 * pg_textsearch over the same rows, each with the read index it needs. For free-text queries
 * (a paper's title) and "related" queries (a paper's 25 more-like-this terms) it times the
 * text half alone (search and score ceiling, as the service asks) and a hybrid search (that
 * with a vector search of the same depth, concurrently, as the service runs them).
 */
export const postgresTextBenchmark: Benchmark = {
  name: 'postgres-text',
  title: 'Postgres lexical engines: index time and text and hybrid search latency',
  async run(options, log) {
    const size = options.sizes?.[0] ?? (options.quick ? 2000 : 100_000);
    const queryCount = options.quick ? QUERIES.quick : QUERIES.full;
    const external = loadConfig().PAPER_SEARCH_BENCH_POSTGRES_URL;
    const server = external ? { url: external, stop: async () => {} } : await startPgliteServer();
    try {
      const papers = syntheticPapers(size);
      const index = `bench_text_${size}`;
      const loaded = await load(server.url, index, papers, log);
      const db = Database.open({ url: server.url, statementTimeoutMs: 3_600_000 });
      try {
        const runs: EngineRun[] = [];
        const queries = await makeQueries(db, index, loaded.version, papers, queryCount);
        for (const { engine, label, queries: limit } of ENGINES) {
          const timed = limit === undefined ? queries : queries.slice(0, 2 * limit);
          const run = await measureEngine(
            db,
            index,
            loaded.version,
            engine,
            label,
            papers,
            timed,
            log,
          );
          if (run) runs.push(run);
        }
        return {
          parameters: {
            papers: size,
            queries: queryCount,
            depth: DEPTH,
            dims: DIMS,
            server: loaded.server,
          },
          tables: [latencyTable(runs), buildTable(loaded, runs)],
          notes: [
            `Corpus: ${formatCount(size)} synthetic arXiv papers (tools/bench/synthetic-arxiv.ts, seed 1), vectors hashed from their stems (${DIMS} dims, HNSW).`,
            'pg_textsearch is timed on the first 40 queries of each kind (it is slower per query by an order of magnitude on PGlite).',
            'Free text: the title of a paper spread over the corpus; related: the 25 terms "more like this" picks for such a paper. Terms are sent with weight 1, as the service sends them.',
            'Text: search (depth 100) and score ceiling, concurrently; hybrid: those and a vector search of depth 100, concurrently. One client, one query at a time.',
            external
              ? 'Timings from the server named by PAPER_SEARCH_BENCH_POSTGRES_URL, over its network path.'
              : 'PGlite runs PostgreSQL compiled to WebAssembly on one thread inside the benchmark process: latency and build time only indicate.',
          ],
        };
      } finally {
        await db.close();
      }
    } finally {
      await server.stop();
    }
  },
};

function syntheticPapers(count: number): Paper[] {
  const papers: Paper[] = [];
  for (const record of syntheticArxivRecords({ count, seed: 1 })) {
    const mapped = mapRecord(fromArxivRecord(record));
    if (mapped.ok) papers.push(mapped.paper);
  }
  return papers;
}

/** A deterministic embedding: stems hashed into signed buckets, L2-normalised. */
function hashEmbed(paper: Paper): Float32Array {
  const vector = new Float32Array(DIMS);
  for (const stem of analyze(`${paper.title} ${paper.abstract}`)) {
    const digest = createHash('sha1').update(stem).digest();
    vector[digest.readUInt32LE(0) % DIMS] += digest[4] & 1 ? 1 : -1;
  }
  return l2Normalize(vector);
}

interface Loaded {
  version: number;
  server: string;
  loadSeconds: number;
  publishSeconds: number;
  sizes: Record<string, number>;
}

async function load(
  url: string,
  index: string,
  papers: Paper[],
  log: (line: string) => void,
): Promise<Loaded> {
  const backend = await PostgresBackend.connect({
    url,
    index,
    textSearch: 'postings',
    maintenanceWorkMem: '1GB',
    statementTimeoutMs: 3_600_000,
  });
  try {
    await backend.drop();
    const started = performance.now();
    const build = await backend.build({ fromPublished: false });
    const vectors = await build.vectors({
      dims: DIMS,
      search: 'hnsw',
      hnsw: DEFAULT_HNSW_PARAMS,
      capacity: papers.length,
    });
    for (let start = 0; start < papers.length; start += WRITE_BATCH) {
      const batch = papers
        .slice(start, start + WRITE_BATCH)
        .map((paper, i) => ({ label: start + i, paper, vector: hashEmbed(paper) }));
      await writePapers(build, vectors, batch);
    }
    const written = performance.now();
    log(
      `  loaded ${papers.length} papers in ${((written - started) / 1000).toFixed(1)} s; publishing`,
    );
    const name = await build.publish(manifest(papers.length), 1);
    const published = performance.now();
    const storage = await backend.storage();
    return {
      version: versionNumber(name),
      server: await backend.serverVersion(),
      loadSeconds: (written - started) / 1000,
      publishSeconds: (published - written) / 1000,
      sizes: storage.indexes,
    };
  } finally {
    await backend.close();
  }
}

interface Query {
  kind: 'free text' | 'related';
  terms: TextTerm[];
  vector: Float32Array;
}

async function makeQueries(
  db: Database,
  index: string,
  version: number,
  papers: Paper[],
  count: number,
): Promise<Query[]> {
  const postings = await openVersion(db, index, version, 'postings');
  const { documents } = await postings.text.statistics();
  const stats = {
    papers: documents,
    documentFrequencies: (terms: readonly TextTerm[]) => postings.text.documentFrequencies(terms),
  };
  const queries: Query[] = [];
  const step = Math.max(1, Math.floor(papers.length / count));
  for (let i = 0; i < count; i++) {
    const paper = papers[(i * step + 7) % papers.length];
    const vector = hashEmbed(paper);
    const free = textQuery(paper.title);
    queries.push({ kind: 'free text', terms: free.terms.slice(0, free.searched), vector });
    const like = await likeQuery([paper], [], stats);
    queries.push({
      kind: 'related',
      terms: like.terms.slice(0, like.searched).map((t) => ({ ...t, weight: 1 })),
      vector,
    });
  }
  return queries;
}

async function openVersion(
  db: Database,
  index: string,
  version: number,
  engine: TextEngine,
): Promise<PostgresIndexVersion> {
  const names = new IndexNames(index);
  const row = await readVersion(db, names, version);
  if (!row?.manifest) throw new Error(`no published version ${version} of ${index}`);
  return new PostgresIndexVersion(
    db,
    names,
    { ...row, manifest: row.manifest },
    { textEngine: engine, maxScanTuples: 20_000 },
  );
}

/** Creates the engine's read index over the same rows (none for postings), then times its queries. */
async function measureEngine(
  db: Database,
  index: string,
  version: number,
  engine: TextEngine,
  label: string,
  papers: Paper[],
  queries: Query[],
  log: (line: string) => void,
): Promise<EngineRun | null> {
  const names = new IndexNames(index);
  const row = await readVersion(db, names, version);
  const started = performance.now();
  if (engine !== 'postings') {
    try {
      if (engine === 'bm25') await db.query('CREATE EXTENSION IF NOT EXISTS pg_textsearch');
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL statement_timeout = 0; SET LOCAL maintenance_work_mem = '1GB'`);
        const own = readIndexesDdl(names, row!.generation, engine, null).filter((ddl) =>
          /_(tsv|bm25) ON/.test(ddl),
        );
        for (const ddl of own) await tx.query(ddl);
      });
    } catch (error) {
      log(`  ${label}: not available (${(error as Error).message})`);
      return null;
    }
  }
  const indexSeconds = (performance.now() - started) / 1000;
  const indexBytes =
    engine === 'postings'
      ? null
      : await indexSize(
          db,
          names.rowsIndex(row!.generation, engine === 'fts' ? 'tsv' : 'bm25'),
          names.schema,
        );
  const opened = await openVersion(db, index, version, engine);
  const kinds: EngineRun['kinds'] = {};
  // One pass to warm the caches, then the timed one.
  for (const timed of [false, true]) {
    for (const query of queries) {
      const text = () => textHalf(opened.text, query.terms);
      const t0 = performance.now();
      await text();
      const t1 = performance.now();
      await Promise.all([text(), opened.vectors.search(query.vector, DEPTH)]);
      const t2 = performance.now();
      if (!timed) continue;
      const kind = (kinds[query.kind] ??= { text: [], hybrid: [] });
      kind.text.push(t1 - t0);
      kind.hybrid.push(t2 - t1);
    }
  }
  log(`  ${label}: ${papers.length} papers, ${queries.length} queries timed`);
  return { label, indexSeconds, indexBytes, kinds };
}

async function indexSize(db: Database, name: string, schema: string): Promise<number> {
  const rows = await db.query<{ bytes: string }>(
    `SELECT pg_relation_size(to_regclass($1)) AS bytes`,
    [`${schema}.${name}`],
  );
  return Number(rows[0].bytes);
}

function textHalf(text: TextIndex, terms: TextTerm[]) {
  return Promise.all([text.search({ terms }, DEPTH), text.scoreCeiling(terms)]);
}

function latencyTable(runs: EngineRun[]): Table {
  const rows: Cell[][] = [];
  for (const run of runs) {
    for (const [kind, times] of Object.entries(run.kinds)) {
      rows.push([
        run.label,
        kind,
        round(percentile(times.text, 50), 2),
        round(percentile(times.text, 99), 2),
        round(percentile(times.hybrid, 50), 2),
        round(percentile(times.hybrid, 99), 2),
      ]);
    }
  }
  return {
    title: 'Single-client latency of the text half and of a hybrid search (ms)',
    columns: ['text engine', 'queries', 'text p50', 'text p99', 'hybrid p50', 'hybrid p99'],
    rows,
  };
}

function buildTable(loaded: Loaded, runs: EngineRun[]): Table {
  const mib = (bytes: number | undefined) =>
    bytes === undefined ? null : round(bytes / 2 ** 20, 1);
  const rows: Cell[][] = [
    ['load (rows written through the build)', round(loaded.loadSeconds, 1), null],
    [
      'publish (HNSW and other read indexes, postings derived, ANALYZE); MiB: the postings tables',
      round(loaded.publishSeconds, 1),
      mib(loaded.sizes['bm25 postings']),
    ],
  ];
  for (const run of runs.filter((r) => r.indexBytes !== null)) {
    rows.push([
      `${run.label}: its index over the same rows`,
      round(run.indexSeconds, 1),
      mib(run.indexBytes ?? undefined),
    ]);
  }
  return {
    title: "Build time and size of each engine's index",
    columns: ['step', 'seconds', 'MiB'],
    rows,
  };
}

function manifest(count: number): IndexManifest {
  return {
    formatVersion: FORMAT_VERSION,
    embedder: {
      id: 'bench-hash',
      fingerprint: 'bench-hash',
      dims: DIMS,
      spec: { kind: 'lexical' },
    },
    count,
    nextLabel: count,
    search: 'hnsw',
    hnsw: DEFAULT_HNSW_PARAMS,
    text: { engine: 'bench' },
    corpus: { checksum: 'bench', files: [] },
    build: { kind: 'full', base: null },
    builtAt: new Date().toISOString(),
    buildSeconds: 0,
    changesThrough: 0,
  };
}
