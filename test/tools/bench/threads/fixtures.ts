import type { AnnResult, SweepPoint } from '../../../../tools/bench/ann/ann-task.js';
import type { Contender, GraphBuildRun } from '../../../../tools/bench/threads/graph-builds.js';
import type { IngestComparison, GraphMode } from '../../../../tools/bench/threads/ingest-modes.js';
import type { RecallRun } from '../../../../tools/bench/scale/measurements.js';
import { ingestRun } from '../scale/fixtures.js';

/** Measurements of the shape the build-threads benchmark records, with round figures to judge. */

const CONTENDERS: Record<'hnswlib' | 'usearch2' | 'usearch1', Contender> = {
  hnswlib: {
    name: 'hnswlib-node (the product)',
    product: true,
    insertThreads: 1,
    spec: { library: 'hnswlib-node', m: 16, efConstruction: 200, seed: 100, efs: [16, 32] },
  },
  usearch2: {
    name: 'usearch, 2 threads',
    product: false,
    insertThreads: 2,
    spec: { library: 'usearch', connectivity: 16, expansionAdd: 200, efs: [16, 32], threads: 2 },
  },
  usearch1: {
    name: 'usearch, 1 thread',
    product: false,
    insertThreads: 1,
    spec: { library: 'usearch', connectivity: 16, expansionAdd: 200, efs: [16, 32], threads: 1 },
  },
};

/** Sweep points as `[ef, recall, queries/s]`. */
function annResult(seconds: number, cores: number, points: [number, number, number][]): AnnResult {
  return {
    library: 'any',
    config: 'M=16, efConstruction=200',
    reused: false,
    build: { seconds, peakMiB: 100, cores, builtAt: '2026-01-01T00:00:00.000Z', loadAverage: 1 },
    memory: { indexMiB: 90, peakMiB: 110 },
    diskMiB: 80,
    points: points.map(([ef, recall, qps]): SweepPoint => ({
      setting: `ef=${ef}`,
      recall,
      qps,
      p50Ms: 1000 / qps,
      p99Ms: 2000 / qps,
      cores: 1,
    })),
  };
}

/**
 * hnswlib-node builds in 100 s; usearch on two threads in 55 s and on one in 100 s. Query
 * rates at recall 0.95 and 0.99 are hnswlib-node's times `usearchSpeed`.
 */
export function graphRuns(usearchSpeed: number): GraphBuildRun[] {
  const points = (speed: number): [number, number, number][] => [
    [16, 0.96, 5000 * speed],
    [32, 0.995, 4000 * speed],
  ];
  const run = (contender: Contender, result: AnnResult | string): GraphBuildRun => ({
    dataset: 'synthetic 100k',
    vectors: 100_000,
    contender,
    result,
  });
  return [
    run(CONTENDERS.hnswlib, annResult(100, 1, points(1))),
    run(CONTENDERS.usearch2, annResult(55, 1.9, points(usearchSpeed))),
    run(CONTENDERS.usearch1, annResult(100, 1, points(usearchSpeed))),
  ];
}

export function failedRun(): GraphBuildRun {
  return { ...graphRuns(1)[1], result: 'usearch, 2 threads failed: out of memory' };
}

function recallRun(search: number, related: number): RecallRun {
  const set = (recallAt10: number) => ({
    queries: 100,
    recallAt10,
    epsilonRecallAt10: recallAt10,
    sweep: [],
  });
  return { version: 'v000001', search: set(search), related: set(related) };
}

/** One run of each mode: the worker's job `workerSeconds`, the calling thread's 100 s. */
export function ingestComparison(workerSeconds: number, sameGraph = true): IngestComparison {
  const row = (mode: GraphMode, seconds: number) => ({
    papers: 100_000,
    mode,
    run: 1,
    ingest: ingestRun(seconds, { papers: 100_000, docsPerSecond: 100_000 / seconds }),
  });
  const graph = (mode: GraphMode, sha: string) => ({
    papers: 100_000,
    mode,
    graphSha256: sha,
    recall: recallRun(0.99, 0.98),
  });
  return {
    runs: [row('worker thread', workerSeconds), row('calling thread', 100)],
    graphs: [
      graph('worker thread', 'a'.repeat(64)),
      graph('calling thread', (sameGraph ? 'a' : 'b').repeat(64)),
    ],
  };
}
