import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../../src/corpus/paper.js';
import type { EmbedderKind } from '../../src/embed/embedder-factory.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_MODE, type RankMode } from '../../src/search/rank-mode.js';
import type { SearchService } from '../../src/search/search-service.js';
import { benchIngest } from './bench-ingest.js';
import { ensureBenchModel, MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { formatCount } from './datasets.js';
import { drive } from './call-loops.js';
import { ServedIndex, type LoadResult } from './http-load.js';
import { loadLikeServe } from './load-like-serve.js';
import { WORK_DIR } from './project-root.js';
import type { Cell } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { readSamplePapers } from './sample-vectors.js';
import { round } from './stats.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';
import { ensureDir } from './work-files.js';
import { rm } from 'node:fs/promises';

const K = 10;
/** Concurrent connections for the throughput runs; latency is measured on one connection. */
const CONNECTIONS = 8;
const TARGET_RELATED_SHARE = 0.5;
const TARGET_SEARCH_P50_MS = 10;

interface ServiceIndex {
  label: string;
  root: string;
  ids: string[];
  /** Ranking modes measured; the default (hybrid) always, semantic too on the large indexes. */
  modes: RankMode[];
}

type Endpoint = 'related' | 'search';

/** One measured request kind: an endpoint in one ranking mode. */
interface Probe {
  endpoint: Endpoint;
  mode: RankMode;
}

const probesFor = (index: ServiceIndex): Probe[] =>
  index.modes.flatMap((mode) =>
    (['related', 'search'] as const).map((endpoint) => ({ endpoint, mode })),
  );

const probeLabel = ({ endpoint, mode }: Probe) =>
  mode === DEFAULT_MODE ? endpoint : `${endpoint}, mode=${mode}`;

export const serviceBenchmark: Benchmark = {
  name: 'service',
  title: 'Service: HTTP requests/s and latency against the in-process ceiling',
  async run(options, log) {
    const model = await ensureBenchModel(log);
    const sample = await readSamplePapers();
    const seconds = options.quick ? 3 : 10;
    const sizes = options.sizes ?? (options.quick ? [] : [100_000]);
    // Indexing the sample with the transformer is slow on a small machine: full runs only.
    const kinds = options.quick ? (['lexical'] as const) : (['lexical', 'transformer'] as const);
    const indexes: ServiceIndex[] = [];
    for (const kind of kinds) {
      const root = await ingestOnce(
        `sample-${kind}`,
        SAMPLE_CORPUS,
        kind,
        model,
        options.rebuild,
        log,
      );
      indexes.push({
        label: `sample corpus (${sample.length}), ${kind}`,
        root,
        ids: sample.map((p) => p.id),
        modes: [DEFAULT_MODE],
      });
    }
    for (const size of sizes) {
      const root = await syntheticLexicalIndex(size, sample, options.rebuild, log);
      const ids = Array.from({ length: 1000 }, (_, i) => `syn-${Math.floor((i * size) / 1000)}`);
      indexes.push({
        label: `synthetic corpus ${formatCount(size)}, lexical`,
        root,
        ids,
        modes: [DEFAULT_MODE, 'semantic'],
      });
    }
    const queries = sample.slice(0, 200).map((p: Paper) => p.title);
    const rows: Cell[][] = [];
    for (const index of indexes) {
      const modeParam = (mode: RankMode) => (mode === DEFAULT_MODE ? '' : `&mode=${mode}`);
      const paths = ({ endpoint, mode }: Probe) =>
        endpoint === 'related'
          ? index.ids.map(
              (id) => `/papers/${encodeURIComponent(id)}/related?k=${K}${modeParam(mode)}`,
            )
          : queries.map((q) => `/search?q=${encodeURIComponent(q)}&k=${K}${modeParam(mode)}`);
      log(`${index.label}: in-process ceiling`);
      const local = await inProcess(index, queries, seconds);
      log(`${index.label}: HTTP, ${seconds} s per endpoint and concurrency`);
      // One client at full speed is what rate limiting exists to stop: off for the measurement.
      const served = await ServedIndex.start(index.root, MODELS_DIR, {
        PAPER_SEARCH_RATE_LIMIT: '0',
      });
      try {
        await served.load(paths({ endpoint: 'search', mode: DEFAULT_MODE }), CONNECTIONS, 1); // warm-up
        for (const [i, probe] of probesFor(index).entries()) {
          const http = {
            busy: await served.load(paths(probe), CONNECTIONS, seconds),
            single: await served.load(paths(probe), 1, seconds),
          };
          rows.push(row(index.label, probeLabel(probe), http, local[i]));
        }
      } finally {
        await served.stop();
      }
    }
    return {
      parameters: { k: K, connections: CONNECTIONS, seconds, sizes, hnsw: DEFAULT_HNSW_PARAMS },
      tables: [
        {
          title: 'HTTP (autocannon) against the same calls in process',
          columns: [
            'index',
            'endpoint',
            `HTTP req/s (${CONNECTIONS} conn.)`,
            `in-process req/s (${CONNECTIONS} loops)`,
            'HTTP / in-process',
            'HTTP p50 ms',
            'HTTP p99 ms',
            'in-process p50 ms',
            'in-process p99 ms',
            'HTTP errors',
          ],
          rows,
        },
      ],
      notes: [
        `Targets: related over HTTP at ${TARGET_RELATED_SHARE} or more of the in-process rate; ` +
          `text search p50 under ${TARGET_SEARCH_P50_MS} ms on the sample index.`,
        'The server runs as `paper-search serve` in a child process on 127.0.0.1 with the default ' +
          'configuration (request logging included) except rate limiting, which is turned off ' +
          '(PAPER_SEARCH_RATE_LIMIT=0); autocannon runs in the benchmark process on ' +
          'the same cores, so the HTTP figures include the load generator’s share of the CPU.',
        `Requests/s come from ${CONNECTIONS} concurrent connections (in process: ${CONNECTIONS} ` +
          'concurrent loops of SearchService.related / search on an index loaded the way serve ' +
          'loads it); latencies from one connection or loop, so they exclude queueing.',
        'Hybrid, the default mode, ranks with BM25 over SQLite FTS5 besides HNSW. FTS5 scores ' +
          'every paper holding any query term (no top-k pruning), so on the large index the ' +
          'BM25 half costs far more than the vector half; the synthetic corpus reuses the ' +
          "sample's small vocabulary, so its posting lists are longer than a real corpus's. " +
          'The mode=semantic rows time the HNSW path alone.',
        'Search requests are sample paper titles; related requests cycle over indexed paper ids. ' +
          'The large synthetic corpus mixes sample sentences and is indexed with the lexical ' +
          'embedder (embedding it with the transformer would take hours on this machine).',
      ],
    };
  },
};

interface Measured {
  busy: LoadResult;
  single: LoadResult;
}

function row(label: string, endpoint: string, http: Measured, local: Measured): Cell[] {
  return [
    label,
    endpoint,
    Math.round(http.busy.requestsPerSecond),
    Math.round(local.busy.requestsPerSecond),
    round(http.busy.requestsPerSecond / local.busy.requestsPerSecond, 3),
    http.single.p50Ms,
    http.single.p99Ms,
    round(local.single.p50Ms, 3),
    round(local.single.p99Ms, 3),
    http.busy.errors + http.single.errors,
  ];
}

/**
 * The synthetic corpus of `size` papers (sample sentences recombined) indexed with the lexical
 * embedder: written and built once under bench/.work, reused by later runs and benchmarks.
 */
export async function syntheticLexicalIndex(
  size: number,
  sample: Paper[],
  rebuild: boolean,
  log: (line: string) => void,
): Promise<string> {
  const dir = await ensureDir(join(WORK_DIR, 'service'));
  const corpus = join(dir, `corpus-${size}.jsonl`);
  if (!existsSync(corpus) || rebuild) await writeSyntheticCorpus(corpus, size, sample);
  return ingestOnce(`synthetic-${size}-lexical`, corpus, 'lexical', 'none', rebuild, log);
}

/** Builds an index root once; later runs reuse the published version. */
async function ingestOnce(
  name: string,
  corpus: string,
  embedder: EmbedderKind,
  model: string,
  rebuild: boolean,
  log: (line: string) => void,
): Promise<string> {
  const root = join(WORK_DIR, 'service', name);
  const silent = createLogger('silent');
  if (!rebuild && (await embeddedBackend(root, silent).published())) return root;
  log(`indexing ${name} (once; reused by later runs)`);
  await rm(root, { recursive: true, force: true });
  await ensureDir(root);
  await benchIngest({ inputs: [corpus], root, embedder, model, dtype: 'fp32', keepVersions: 1 });
  return root;
}

/** The service's own rate for the same requests, without HTTP, for `seconds` per endpoint. */
async function inProcess(
  index: ServiceIndex,
  queries: string[],
  seconds: number,
): Promise<Measured[]> {
  const loaded = await loadLikeServe(index.root);
  try {
    const service: SearchService = loaded.service;
    const call =
      ({ endpoint, mode }: Probe) =>
      (i: number) =>
        endpoint === 'related'
          ? service.related(index.ids[i % index.ids.length], { k: K, mode })
          : service.search(queries[i % queries.length], { k: K, mode });
    const out: Measured[] = [];
    for (const probe of probesFor(index)) {
      out.push({
        busy: await drive(seconds, CONNECTIONS, call(probe)),
        single: await drive(seconds, 1, call(probe)),
      });
    }
    return out;
  } finally {
    await loaded.close();
  }
}
