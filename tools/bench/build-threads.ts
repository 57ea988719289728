import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { formatCount, type Dataset } from './datasets.js';
import { RESULTS_DIR } from './project-root.js';
import type { BenchResult } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { CORPUS_SEED } from './scale/corpus-files.js';
import { probeCores, type CoreProbe } from './threads/core-probe.js';
import { graphDecision, ingestDecision, peerRates } from './threads/decision.js';
import { buildGraphs, type GraphBuildRun } from './threads/graph-builds.js';
import { compareIngestModes, type IngestComparison } from './threads/ingest-modes.js';
import * as tables from './threads/tables.js';
import { benchDataset } from './vector-search.js';
import { readJson } from './work-files.js';

const K = 10;

const PLAN = {
  full: { sizes: [100_000], efs: [16, 24, 32, 48, 64], runs: 3, ingestRuns: 2, recallQueries: 200 },
  quick: { sizes: [10_000], efs: [16, 32, 64], runs: 2, ingestRuns: 1, recallQueries: 100 },
};
type Plan = (typeof PLAN)['full'];

/** Everything measured at one size; the cores were probed before the builds and the ingests. */
interface SizeMeasurements {
  dataset: Dataset;
  probes: { builds: CoreProbe; ingests: CoreProbe };
  builds: GraphBuildRun[];
  ingest: IngestComparison;
}

/**
 * Whether the build can use both cores: graph construction alone, hnswlib-node on one thread
 * (the product) against usearch inserting on every core, at the same recall and query speed;
 * then the product's whole ingest with its graph on a worker thread against the calling thread.
 */
export const buildThreadsBenchmark: Benchmark = {
  name: 'build-threads',
  title: 'Build threads: parallel graph construction and the graph worker',
  async run(options, log) {
    const plan = { ...(options.quick ? PLAN.quick : PLAN.full) };
    plan.sizes = [...(options.sizes ?? plan.sizes)].sort((a, b) => a - b);
    plan.runs = options.runs ?? plan.runs;
    const small = plan.sizes.filter((size) => size < DEFAULT_EXACT_BELOW);
    if (small.length) {
      throw new RangeError(
        `sizes below ${DEFAULT_EXACT_BELOW} are searched exactly and build no graph: ${small.join(', ')}`,
      );
    }
    const measured: SizeMeasurements[] = [];
    for (const size of plan.sizes) measured.push(await measureSize(size, plan, options.quick, log));
    const probes = measured.flatMap((m) => [m.probes.builds, m.probes.ingests]);
    const builds = measured.flatMap((m) => m.builds);
    const ingest: IngestComparison = {
      runs: measured.flatMap((m) => m.ingest.runs),
      graphs: measured.flatMap((m) => m.ingest.graphs),
    };
    const peers = peerRates(readJson<BenchResult>(join(RESULTS_DIR, 'vector-search.json')));
    return {
      parameters: parameters(plan, measured),
      tables: [
        tables.coreProbeTable(probes),
        tables.buildTable(builds),
        tables.matchedRecallTable(builds),
        tables.sweepTable(builds),
        tables.ingestTable(ingest.runs),
        tables.publishedGraphTable(ingest.graphs),
      ],
      notes: [
        ...methodNotes(),
        ...graphDecision(builds, peers),
        ...ingestDecision(ingest, measured.at(-1)?.probes.ingests ?? null),
      ],
      data: { probes, builds, ingest, peers },
    };
  },
};

async function measureSize(
  size: number,
  plan: Plan,
  quick: boolean,
  log: (line: string) => void,
): Promise<SizeMeasurements> {
  const dataset = await benchDataset(size, quick, log);
  const buildProbe = await probeCores(`graph builds, ${dataset.meta.label}`);
  const builds = await buildGraphs(dataset, plan.efs, plan.runs, K, log);
  const ingestProbe = await probeCores(`ingests, ${formatCount(size)} papers`);
  const ingest = await compareIngestModes(size, plan.ingestRuns, plan.recallQueries, log);
  return { dataset, probes: { builds: buildProbe, ingests: ingestProbe }, builds, ingest };
}

function parameters(plan: Plan, measured: SizeMeasurements[]): Record<string, unknown> {
  return {
    sizes: plan.sizes,
    hnsw: DEFAULT_HNSW_PARAMS,
    efSearch: plan.efs,
    k: K,
    runs: plan.runs,
    cores: availableParallelism(),
    vectors: measured.map(({ dataset }) => ({
      dataset: dataset.meta.label,
      ...dataset.meta.source,
    })),
    ingest: {
      corpusSeed: CORPUS_SEED,
      embedder: 'lexical',
      runs: plan.ingestRuns,
      recallQueries: plan.recallQueries,
    },
  };
}

function methodNotes(): string[] {
  const { m, efConstruction } = DEFAULT_HNSW_PARAMS;
  return [
    `Graphs: the vector-search benchmark's synthetic embedding-like vectors and exact ` +
      `neighbours, M=${m} and efConstruction=${efConstruction} (the product's defaults), inner ` +
      'product. Each build runs in a fresh process, is timed from the first insert to the last, ' +
      'then searched one query at a time on one thread at each efSearch; "cores used" is CPU ' +
      'time over wall time, "build peak" the highest resident set above the process with its ' +
      'vectors loaded. hnswlib-node has no parallel insert; usearch takes a thread count in `add`.',
    'Ingest: the scale benchmark’s synthetic arXiv corpus indexed by `runIngest` in a child ' +
      'process with default settings and the lexical embedder, once with the graph built on a ' +
      'worker thread (the default) and once on the calling thread (PAPER_SEARCH_GRAPH_WORKER=' +
      'false), alternating. "CPU s" counts every thread of the child. With the worker, the ' +
      'embed phase hands vectors over and the publish phase waits for the last insert.',
    'Cores obtained: before the builds and before the ingests one thread per core spins for a ' +
      'second; on an idle machine it gets every core, and fewer means other work shared them, ' +
      'so parallel timings understate what the threads would buy.',
    'Recall of the published graphs: the scale benchmark’s check, the service’s semantic ' +
      'answers to free-text and related-by-id queries against an exact scan of the version.',
  ];
}
