import { ExactGraph } from '../../src/index/exact-graph.js';
import { HnswGraph } from '../../src/index/embedded/hnsw-graph.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import type { VectorGraph } from '../../src/index/vector-graph.js';
import { recallAtK } from './recall.js';
import type { Table } from '../../src/results/report.js';
import { median, round } from './stats.js';

/**
 * Where an exhaustive scan stops being competitive: the product's ExactGraph against its
 * HnswGraph with the default parameters, on prefixes of one vector set. This is the
 * measurement behind DEFAULT_EXACT_BELOW.
 */
export function exactCrossover(
  base: Float32Array,
  queries: Float32Array,
  dims: number,
  sizes: number[],
  runs: number,
  k = 10,
): Table {
  const rows = sizes.map((n) => {
    const exact = new ExactGraph(dims, n);
    const startedAt = performance.now();
    const hnsw = HnswGraph.create(dims, n, DEFAULT_HNSW_PARAMS);
    for (let i = 0; i < n; i++) hnsw.add(i, base.subarray(i * dims, (i + 1) * dims));
    const buildSeconds = (performance.now() - startedAt) / 1000;
    for (let i = 0; i < n; i++) exact.add(i, base.subarray(i * dims, (i + 1) * dims));
    const exactRun = timeSearches(exact, queries, dims, k, runs);
    const hnswRun = timeSearches(hnsw, queries, dims, k, runs);
    const truth = Int32Array.from(exactRun.labels.flat());
    return [
      n,
      round(exactRun.msPerQuery, 3),
      round(hnswRun.msPerQuery, 3),
      round(recallAtK(hnswRun.labels, truth, k, k), 4),
      round(buildSeconds, 2),
    ];
  });
  return {
    title: `Exact scan against HNSW (M=${DEFAULT_HNSW_PARAMS.m}, efSearch=${DEFAULT_HNSW_PARAMS.efSearch}) on small sets`,
    columns: ['vectors', 'exact ms/query', 'HNSW ms/query', 'HNSW recall@10', 'HNSW build s'],
    rows,
  };
}

function timeSearches(
  index: VectorGraph,
  queries: Float32Array,
  dims: number,
  k: number,
  runs: number,
): { labels: number[][]; msPerQuery: number } {
  const count = queries.length / dims;
  const query = (i: number) => queries.subarray(i * dims, (i + 1) * dims);
  const labels = Array.from({ length: count }, (_, i) =>
    index.search(query(i), k).map((h) => h.label),
  );
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedAt = performance.now();
    for (let i = 0; i < count; i++) index.search(query(i), k);
    times.push((performance.now() - startedAt) / count);
  }
  return { labels, msPerQuery: median(times) };
}
