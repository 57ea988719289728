import { DEFAULT_HNSW_SEED } from '../../src/index/embedded/hnsw-graph.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import type { AnnResult, AnnTask } from './ann/ann-task.js';
import type { EngineSpec } from './ann/engine.js';
import { indexDirFor } from './ann/engines.js';
import { RECALL_TARGETS, TARGET_TABLE_HEAD, targetCells } from './ann/recall-targets.js';
import { runInChild } from './child-runner.js';
import { formatCount, syntheticDataset, type Dataset } from './datasets.js';
import type { Cell, Table } from '../../src/results/report.js';
import type { Benchmark, BenchOptions } from './runner.js';
import { sampleCorpusDatasets } from './sample-vectors.js';
import { EMBEDDING_LIKE } from './synthetic-embeddings.js';

const K = 10;
const SEED = 42;

const PLAN = {
  full: {
    sizes: [100_000, 1_000_000],
    queries: 1000,
    runs: 5,
    efs: [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512],
  },
  quick: {
    sizes: [5000],
    queries: 200,
    runs: 3,
    efs: [16, 32, 64, 128, 256],
  },
};

/** Engine names accepted by `--engines`. */
export const ENGINE_NAMES = ['hnswlib', 'usearch'] as const;

/** The synthetic set of one size, shared with the startup benchmark so its index is reused. */
export function benchDataset(
  size: number,
  quick: boolean,
  log: (line: string) => void,
): Promise<Dataset> {
  log(`dataset: synthetic ${formatCount(size)} (generated once, then cached)`);
  const queries = (quick ? PLAN.quick : PLAN.full).queries;
  return syntheticDataset({ ...EMBEDDING_LIKE, seed: SEED }, size, queries, K);
}

export const vectorSearchBenchmark: Benchmark = {
  name: 'vector-search',
  title: 'Vector search: recall@10 and queries/s against exact search',
  async run(options, log) {
    const plan = { ...(options.quick ? PLAN.quick : PLAN.full) };
    plan.sizes = options.sizes ?? plan.sizes;
    plan.runs = options.runs ?? plan.runs;
    const params = { ...EMBEDDING_LIKE, seed: SEED };
    const datasets: Dataset[] = [];
    for (const size of plan.sizes) datasets.push(await benchDataset(size, options.quick, log));
    log('dataset: sample corpus vectors');
    datasets.push(...(await sampleCorpusDatasets(K, log)));

    const results: { dataset: Dataset; result: AnnResult | string }[] = [];
    for (const dataset of datasets) {
      for (const spec of enginesFor(dataset, plan, options)) {
        log(`${dataset.meta.label}: ${spec.library} ${'index' in spec ? spec.index : ''}`);
        results.push({ dataset, result: await runEngine(dataset, spec, options, plan.runs) });
      }
    }

    return {
      parameters: {
        engines: options.engines ?? ENGINE_NAMES,
        generator: params,
        k: K,
        queries: plan.queries,
        runs: plan.runs,
        sizes: plan.sizes,
      },
      tables: [
        datasetTable(datasets),
        ...datasets.map((d) =>
          sweepTable(
            d,
            results.filter((r) => r.dataset === d),
          ),
        ),
        targetTable(results),
        buildTable(results),
      ],
      notes: notes(params, results),
    };
  },
};

function enginesFor(
  dataset: Dataset,
  plan: (typeof PLAN)['full'],
  options: BenchOptions,
): EngineSpec[] {
  const { m, efConstruction } = DEFAULT_HNSW_PARAMS;
  const seed = DEFAULT_HNSW_SEED;
  const { count } = dataset.meta;
  const efs = plan.efs;
  const specs: Record<(typeof ENGINE_NAMES)[number], EngineSpec[]> = {
    hnswlib: [{ library: 'hnswlib-node', m, efConstruction, seed, efs }],
    usearch: [{ library: 'usearch', connectivity: m, expansionAdd: efConstruction, efs }],
  };
  // A denser graph is measured where building it is affordable, to show what M buys.
  if (!options.quick && count <= 100_000) {
    specs.hnswlib.push({ library: 'hnswlib-node', m: 2 * m, efConstruction, seed, efs });
  }
  const wanted = options.engines ?? [...ENGINE_NAMES];
  return ENGINE_NAMES.filter((name) => wanted.includes(name)).flatMap((name) => specs[name]);
}

async function runEngine(
  dataset: Dataset,
  spec: EngineSpec,
  options: BenchOptions,
  runs: number,
): Promise<AnnResult | string> {
  const task: AnnTask = {
    kind: 'ann',
    datasetDir: dataset.dir,
    engine: spec,
    indexDir: indexDirFor(dataset.meta.key, spec),
    rebuild: options.rebuild,
    runs,
    k: K,
  };
  try {
    return await runInChild<AnnResult>(task);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `${spec.library} failed: ${message.split('\n')[0]}`;
  }
}

function datasetTable(datasets: Dataset[]): Table {
  return {
    title: 'Datasets',
    columns: [
      'dataset',
      'vectors',
      'dims',
      'queries',
      'cos top-1',
      'cos top-10',
      'cos random pair',
      'truth check',
    ],
    rows: datasets.map(({ meta }) => [
      meta.label,
      meta.count,
      meta.dims,
      meta.queries,
      meta.shape.meanTop1,
      meta.shape.meanTop10,
      meta.shape.meanRandomPair,
      meta.truthCheck.recall,
    ]),
  };
}

function sweepTable(dataset: Dataset, results: { result: AnnResult | string }[]): Table {
  const rows: Cell[][] = [];
  for (const { result } of results) {
    if (typeof result === 'string') {
      rows.push([result, '', '', null, null, null, null, null]);
      continue;
    }
    for (const p of result.points) {
      rows.push([
        result.library,
        result.config,
        p.setting,
        p.recall,
        p.qps,
        p.p50Ms,
        p.p99Ms,
        p.cores,
      ]);
    }
  }
  return {
    title: `Recall@10 and single-thread queries/s: ${dataset.meta.label}`,
    columns: [
      'library',
      'build parameters',
      'search setting',
      'recall@10',
      'queries/s',
      'p50 ms',
      'p99 ms',
      'cores used',
    ],
    rows,
  };
}

/** Fastest setting of each configuration that reaches each target recall. */
function targetTable(results: { dataset: Dataset; result: AnnResult | string }[]): Table {
  const rows: Cell[][] = [];
  for (const { dataset, result } of results) {
    if (typeof result === 'string') continue;
    rows.push([dataset.meta.label, result.library, result.config, ...targetCells(result.points)]);
  }
  return { ...TARGET_TABLE_HEAD, rows };
}

function buildTable(results: { dataset: Dataset; result: AnnResult | string }[]): Table {
  return {
    title: 'Build time and memory (single-threaded builds)',
    columns: [
      'dataset',
      'library',
      'build parameters',
      'build s',
      'build peak MiB',
      'index RSS MiB',
      'run peak MiB',
      'disk MiB',
      'built',
    ],
    rows: results
      .filter((r): r is { dataset: Dataset; result: AnnResult } => typeof r.result !== 'string')
      .map(({ dataset, result }) => [
        dataset.meta.label,
        result.library,
        result.config,
        result.build.seconds,
        result.build.peakMiB,
        result.memory.indexMiB,
        result.memory.peakMiB,
        result.diskMiB,
        result.reused ? `cached, ${result.build.builtAt.slice(0, 10)}` : 'this run',
      ]),
  };
}

function notes(
  params: typeof EMBEDDING_LIKE & { seed: number },
  results: { dataset: Dataset; result: AnnResult | string }[],
): string[] {
  const out = [
    `Synthetic vectors: ${params.clusters} Gaussian topics (centres N(0, 1)) in a random ` +
      `${params.subspaceDims}-dimensional subspace of ${params.dims}, within-topic spread ` +
      `${params.clusterSpread}, plus isotropic noise with ${params.noise} of the in-subspace norm, ` +
      `normalised to unit length; queries are fresh draws from the same topics (seed ${params.seed}).`,
    'Exact neighbours come from an ONNX Runtime Gemm + TopK pass, checked against a plain scan ' +
      '("truth check" = recall of the stored neighbours against that scan on 20 queries).',
    'Every library answers one query per call on one thread (usearch threads=1); ' +
      '"cores used" is CPU time over wall time while searching. ' +
      'Builds are single-threaded too: hnswlib-node has no parallel insert.',
    'Memory: "build peak" and "run peak" are the highest resident set above the process with ' +
      'its vectors loaded; "index RSS" is what the open index keeps resident.',
  ];
  const largest = results
    .filter((r) => r.dataset.meta.source.generator === 'clustered' && typeof r.result !== 'string')
    .filter((r) => (r.result as AnnResult).library === 'hnswlib-node')
    .filter((r) => (r.result as AnnResult).config.startsWith(`M=${DEFAULT_HNSW_PARAMS.m},`))
    .sort((a, b) => b.dataset.meta.count - a.dataset.meta.count)[0];
  if (largest) {
    const points = (largest.result as AnnResult).points;
    const needed = RECALL_TARGETS.map((t) => {
      const first = points.find((p) => p.recall >= t);
      return `${t}: ${first ? first.setting : 'not reached'}`;
    });
    out.push(
      `hnswlib-node with the defaults (M=${DEFAULT_HNSW_PARAMS.m}, efConstruction=` +
        `${DEFAULT_HNSW_PARAMS.efConstruction}) on ${largest.dataset.meta.label}: smallest ef ` +
        `reaching recall@10 ${needed.join(', ')}; the default efSearch is ${DEFAULT_HNSW_PARAMS.efSearch}.`,
    );
  }
  return out;
}
