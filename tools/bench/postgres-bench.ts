import type { Paper } from '../../src/corpus/paper.js';
import { LexicalEmbedder } from '../../src/embed/lexical-embedder.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { FORMAT_VERSION, type IndexManifest } from '../../src/index/manifest.js';
import type { StorageSizes } from '../../src/index/postgres/admin.js';
import { PostgresBackend } from '../../src/index/postgres/postgres-backend.js';
import { loadConfig } from '../../src/config.js';
import { formatCount, loadDataset } from './datasets.js';
import { scanNeighbours } from './ground-truth.js';
import { startPgliteServer } from './pglite-server.js';
import { recallAtK } from './recall.js';
import type { Cell, Table } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { readSamplePapers } from './sample-vectors.js';
import { percentile, round } from './stats.js';
import { benchDataset } from './vector-search.js';
import { writePapers } from './write-papers.js';

const K = 10;
const EFS = [16, 32, 64, 128];
const WRITE_BATCH = 2000;
const PAPERS_PER_ESTIMATE = 1_000_000;

/** One corpus to load: vectors always, records and text when the corpus has papers. */
interface Corpus {
  label: string;
  dims: number;
  count: number;
  vector(i: number): Float32Array;
  paper?: (i: number) => Paper;
  queries: Float32Array[];
  truth: Int32Array;
}

interface Measured {
  label: string;
  count: number;
  loadSeconds: number;
  publishSeconds: number;
  dims: number;
  sizes: StorageSizes;
  sweep: Array<{ ef: number; recall: number; p50: number; p99: number }>;
}

/**
 * The Postgres backend end to end: rows written through a build, the version published (its
 * indexes, the HNSW graph among them, built then), recall@10 of pgvector's HNSW against exact
 * neighbours over an ef_search sweep with single-client latency, and the size of every table
 * and index, from which a million papers are extrapolated. By default the server is PGlite
 * (PostgreSQL in WebAssembly, single-threaded, in this process): its timings only indicate;
 * PAPER_SEARCH_BENCH_POSTGRES_URL points the run at a real server.
 */
export const postgresBenchmark: Benchmark = {
  name: 'postgres',
  title: 'Postgres backend: pgvector HNSW recall, latency, build time and sizes',
  async run(options, log) {
    const sizes = options.sizes ?? (options.quick ? [5000] : [100_000]);
    const external = loadConfig().PAPER_SEARCH_BENCH_POSTGRES_URL;
    const server = external ? { url: external, stop: async () => {} } : await startPgliteServer();
    const measured: Measured[] = [];
    let engine = '';
    try {
      const corpora = [
        await sampleCorpus(),
        ...(await Promise.all(sizes.map((s) => syntheticCorpus(s, options.quick, log)))),
      ];
      for (const corpus of corpora) {
        log(`postgres: ${corpus.label}`);
        const result = await measure(server.url, corpus, log);
        engine ||= result.engine;
        measured.push(result.measured);
      }
    } finally {
      await server.stop();
    }
    return {
      parameters: {
        k: K,
        efs: EFS,
        hnsw: DEFAULT_HNSW_PARAMS,
        sizes,
        server: engine,
        opclass: 'vector_ip_ops',
      },
      tables: [sweepTable(measured), sizeTable(measured), estimateTable(measured)],
      notes: [
        `Server: ${engine}.`,
        external
          ? 'Timings from the server named by PAPER_SEARCH_BENCH_POSTGRES_URL, over its network path.'
          : 'PGlite runs PostgreSQL compiled to WebAssembly on one thread inside the benchmark process: latency and build time only indicate; recall and sizes carry over to a server of the same versions.',
        'Recall@10 against exact inner-product neighbours; latency is one client, one query at a time, through node-postgres (transaction, SET LOCAL, query, COMMIT).',
        'The 1M estimate scales measured bytes per row linearly: records and text per paper from the sample, vector heap and HNSW index per vector from the largest synthetic set.',
      ],
    };
  },
};

async function sampleCorpus(): Promise<Corpus> {
  const papers = await readSamplePapers();
  const embedder = LexicalEmbedder.fit(papers);
  try {
    const vectors = await embedder.embedDocuments(papers);
    const dims = embedder.dims;
    const flat = new Float32Array(vectors.length * dims);
    vectors.forEach((v, i) => flat.set(v, i * dims));
    const queries = vectors.filter((_, i) => i % 5 === 0);
    const truth = new Int32Array(queries.length * K);
    queries.forEach((q, i) => truth.set(scanNeighbours(flat, dims, q, K), i * K));
    return {
      label: `sample (${papers.length} papers, ${embedder.id})`,
      dims,
      count: papers.length,
      vector: (i) => vectors[i],
      paper: (i) => papers[i],
      queries,
      truth,
    };
  } finally {
    await embedder.dispose();
  }
}

async function syntheticCorpus(
  size: number,
  quick: boolean,
  log: (line: string) => void,
): Promise<Corpus> {
  const data = loadDataset((await benchDataset(size, quick, log)).dir);
  const { dims, k, queries: queryCount } = data.meta;
  const queries = Array.from({ length: queryCount }, (_, i) =>
    data.queries.subarray(i * dims, (i + 1) * dims),
  );
  const truth = new Int32Array(queryCount * K);
  for (let q = 0; q < queryCount; q++) truth.set(data.truth.subarray(q * k, q * k + K), q * K);
  return {
    label: `synthetic ${formatCount(size)} vectors`,
    dims,
    count: data.meta.count,
    vector: (i) => data.base.subarray(i * dims, (i + 1) * dims),
    queries,
    truth,
  };
}

async function measure(url: string, corpus: Corpus, log: (line: string) => void) {
  const index = `bench_${corpus.count}_${corpus.paper ? 'papers' : 'vectors'}`;
  const backend = await PostgresBackend.connect({
    url,
    index,
    maintenanceWorkMem: '1GB',
    statementTimeoutMs: 3_600_000,
  });
  try {
    // A bench index of an earlier run goes first, so sizes are of this run's rows only.
    await backend.drop();
    const started = performance.now();
    const build = await backend.build({ fromPublished: false });
    const writer = await build.vectors({
      dims: corpus.dims,
      search: 'hnsw',
      hnsw: DEFAULT_HNSW_PARAMS,
      capacity: corpus.count,
    });
    for (let start = 0; start < corpus.count; start += WRITE_BATCH) {
      const labels = Array.from(
        { length: Math.min(WRITE_BATCH, corpus.count - start) },
        (_, i) => start + i,
      );
      const entries = labels.map((label) => ({ label, vector: corpus.vector(label) }));
      if (corpus.paper) {
        const paperOf = corpus.paper;
        await writePapers(
          build,
          writer,
          entries.map((e) => ({ ...e, paper: paperOf(e.label) })),
        );
      } else {
        await writer.put(entries);
      }
    }
    const loaded = performance.now();
    log(
      `  loaded ${corpus.count} rows in ${((loaded - started) / 1000).toFixed(1)} s; building indexes`,
    );
    await build.publish(manifest(corpus), 1);
    const published = performance.now();
    const sizes = await backend.storage();
    const sweep = [];
    for (const ef of EFS) sweep.push(await searchSweep(url, index, corpus, ef));
    const engine = await backend.serverVersion();
    return {
      engine,
      measured: {
        label: corpus.label,
        count: corpus.count,
        dims: corpus.dims,
        loadSeconds: (loaded - started) / 1000,
        publishSeconds: (published - loaded) / 1000,
        sizes,
        sweep,
      },
    };
  } finally {
    await backend.close();
  }
}

async function searchSweep(url: string, index: string, corpus: Corpus, ef: number) {
  const backend = await PostgresBackend.connect({ url, index, efSearch: ef });
  try {
    const version = await backend.open();
    const found: number[][] = [];
    const millis: number[] = [];
    for (const query of corpus.queries) {
      const started = performance.now();
      const hits = await version.vectors.search(query, K);
      millis.push(performance.now() - started);
      found.push(hits.map((h) => h.label));
    }
    return {
      ef,
      recall: recallAtK(found, corpus.truth, K, K),
      p50: percentile(millis, 50),
      p99: percentile(millis, 99),
    };
  } finally {
    await backend.close();
  }
}

function manifest(corpus: Corpus): IndexManifest {
  return {
    formatVersion: FORMAT_VERSION,
    embedder: { id: 'bench', fingerprint: 'bench', dims: corpus.dims, spec: { kind: 'lexical' } },
    count: corpus.count,
    nextLabel: corpus.count,
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

function sweepTable(measured: Measured[]): Table {
  const rows: Cell[][] = [];
  for (const m of measured) {
    for (const point of m.sweep) {
      rows.push([
        m.label,
        point.ef,
        round(point.recall, 3),
        round(point.p50, 2),
        round(point.p99, 2),
      ]);
    }
  }
  return {
    title:
      'Recall@10 of pgvector HNSW (M=16, ef_construction=200, vector_ip_ops) and single-client latency',
    columns: ['corpus', 'hnsw.ef_search', 'recall@10', 'p50 ms', 'p99 ms'],
    rows,
  };
}

function sizeTable(measured: Measured[]): Table {
  const rows: Cell[][] = [];
  for (const m of measured) {
    rows.push([m.label, 'load (rows written through the build)', round(m.loadSeconds, 2), null]);
    rows.push([m.label, 'publish (indexes built, ANALYZE)', round(m.publishSeconds, 2), null]);
    rows.push([m.label, 'table (heap and TOAST)', null, round(m.sizes.table / 2 ** 20, 2)]);
    for (const [purpose, bytes] of Object.entries(m.sizes.indexes)) {
      rows.push([m.label, `index: ${purpose}`, null, round(bytes / 2 ** 20, 2)]);
    }
  }
  return {
    title: 'Build time and storage',
    columns: ['corpus', 'step or relation', 'seconds', 'MiB'],
    rows,
  };
}

/**
 * A million papers: the sample's bytes per paper for records, text and their indexes (its
 * own small vectors taken out), plus the largest synthetic set's bytes per vector for the
 * vector share of the heap and for the HNSW index.
 */
function estimateTable(measured: Measured[]): Table {
  const sample = measured[0];
  const synthetic = measured[measured.length - 1];
  const perRow = (m: Measured, bytes: number) => bytes / m.count;
  const indexBytes = (m: Measured, pick: (purpose: string) => boolean) =>
    Object.entries(m.sizes.indexes)
      .filter(([purpose]) => pick(purpose))
      .reduce((n, [, bytes]) => n + bytes, 0);
  // pgvector stores 4 bytes per dimension and an 8-byte header.
  const vectorBytes = (dims: number) => 4 * dims + 8;
  const records = perRow(sample, sample.sizes.table) - vectorBytes(sample.dims);
  const otherIndexes = perRow(
    sample,
    indexBytes(sample, (p) => p !== 'hnsw'),
  );
  const vectorHeap = perRow(synthetic, synthetic.sizes.table);
  const hnsw = perRow(
    synthetic,
    indexBytes(synthetic, (p) => p === 'hnsw'),
  );
  const gib = (bytesPerRow: number) => round((bytesPerRow * PAPERS_PER_ESTIMATE) / 2 ** 30, 2);
  const parts: Array<[string, number]> = [
    [`vector heap (${synthetic.dims} dims, row overhead included)`, vectorHeap],
    ['HNSW index', hnsw],
    ['records and text (heap, TOAST)', records],
    ['other indexes (tsvector GIN, BM25, facets, btree)', otherIndexes],
    ['total on disk', vectorHeap + hnsw + records + otherIndexes],
    ['memory to search from cache (HNSW index + vector heap)', hnsw + vectorHeap],
  ];
  return {
    title: `Estimate for ${formatCount(PAPERS_PER_ESTIMATE)} papers (linear in measured bytes per row)`,
    columns: ['part', 'bytes per paper', 'GiB'],
    rows: parts.map(([part, bytes]) => [part, round(bytes, 0), gib(bytes)]),
  };
}
