import { loadConfig } from '../../src/config.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { createLogger } from '../../src/logger.js';
import { EDGES_PER_NODE, GRAPH_FANOUT } from '../../src/search/related-graph.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { MODELS_DIR } from './bench-model.js';
import { formatCount } from './datasets.js';
import { ServedIndex } from './http-load.js';
import type { Cell } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { readSamplePapers } from './sample-vectors.js';
import { drive } from './call-loops.js';
import { syntheticLexicalIndex } from './service-load.js';
import { round } from './stats.js';

/** Map sizes timed: the default, and the largest a request may ask for. */
const SIZES = [30, 100];

/**
 * `GET /papers/:id/graph` at scale: the synthetic corpus (the service benchmark's, indexed with
 * the lexical embedder and shared with it) timed in process and over HTTP, one request at a
 * time, for the default map size and the largest.
 */
export const graphBenchmark: Benchmark = {
  name: 'graph',
  title: 'Related-work map: GET /papers/:id/graph latency at scale',
  async run(options, log) {
    const size = options.sizes?.[0] ?? (options.quick ? 2000 : 100_000);
    const seconds = options.quick ? 3 : 10;
    const root = await syntheticLexicalIndex(size, await readSamplePapers(), options.rebuild, log);
    const ids = Array.from({ length: 1000 }, (_, i) => `syn-${Math.floor((i * size) / 1000)}`);
    const rows: Cell[][] = [];
    const shape: Record<number, { nodes: number; edges: number }> = {};
    for (const mapSize of SIZES) {
      log(`map of ${mapSize}: in process, ${seconds} s`);
      const local = await inProcess(root, ids, mapSize, seconds);
      shape[mapSize] = local.shape;
      log(`map of ${mapSize}: HTTP, ${seconds} s`);
      const served = await ServedIndex.start(root, MODELS_DIR, { PAPER_SEARCH_RATE_LIMIT: '0' });
      try {
        const paths = ids.map((id) => `/papers/${encodeURIComponent(id)}/graph?size=${mapSize}`);
        await served.load(paths, 1, 1); // warm-up
        const http = await served.load(paths, 1, seconds);
        rows.push([
          `synthetic ${formatCount(size)}, lexical`,
          mapSize,
          round(local.timing.p50Ms, 2),
          round(local.timing.p99Ms, 2),
          http.p50Ms,
          http.p99Ms,
          Math.round(http.requestsPerSecond),
          http.errors,
        ]);
      } finally {
        await served.stop();
      }
    }
    return {
      parameters: {
        papers: size,
        sizes: SIZES,
        seconds,
        fanout: GRAPH_FANOUT,
        edgesPerNode: EDGES_PER_NODE,
        shape,
      },
      tables: [
        {
          title: 'GET /papers/:id/graph, one request at a time',
          columns: [
            'index',
            'size',
            'in-process p50 ms',
            'in-process p99 ms',
            'HTTP p50 ms',
            'HTTP p99 ms',
            'HTTP req/s',
            'HTTP errors',
          ],
          rows,
        },
      ],
      notes: [
        'In process: SearchService.graph on the index loaded as serve loads it, called back to ' +
          'back from one loop. HTTP: `paper-search serve` in a child process (rate limiting ' +
          'off), one autocannon connection on the same cores; the HTTP p50/p99 are ' +
          "autocannon's whole milliseconds.",
        `Each map expands rings of ${GRAPH_FANOUT} nearest neighbours per paper, then compares ` +
          `every pair on the map; papers cycle over ${ids.length} ids spread through the corpus.`,
        "The corpus is the service benchmark's synthetic one (sample sentences recombined), " +
          'indexed with the lexical embedder; the index is built once under bench/.work and reused.',
      ],
    };
  },
};

async function inProcess(root: string, ids: string[], mapSize: number, seconds: number) {
  const config = loadConfig();
  const silent = createLogger('silent');
  const loaded = await loadIndex(
    embeddedBackend(root, silent),
    {
      model: { modelsDir: MODELS_DIR, batchSize: config.PAPER_SEARCH_BATCH, threads: 0 },
      queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
    },
    silent,
  );
  try {
    const { service } = loaded;
    const first = await service.graph(ids[0], mapSize);
    const call = (i: number) => service.graph(ids[i % ids.length], mapSize);
    await drive(1, 1, call); // warm-up, as the HTTP run has
    const timing = await drive(seconds, 1, call);
    return { timing, shape: { nodes: first.nodes.length, edges: first.edges.length } };
  } finally {
    await loaded.close();
  }
}
