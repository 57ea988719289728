import type { AnnResult } from '../ann/ann-task.js';
import { RECALL_TARGETS, targetCells } from '../ann/recall-targets.js';
import { formatCount } from '../datasets.js';
import type { Cell, Table } from '../../../src/results/report.js';
import { PHASE_COLUMNS, phaseCells } from '../scale/tables.js';
import { round } from '../stats.js';
import type { CoreProbe } from './core-probe.js';
import type { GraphBuildRun } from './graph-builds.js';
import type { IngestModeRun, PublishedGraph } from './ingest-modes.js';

/** The build-threads benchmark's tables, from its measurements. */

export type BuiltRun = Omit<GraphBuildRun, 'result'> & { result: AnnResult };

export const built = (runs: GraphBuildRun[]): BuiltRun[] =>
  runs.filter((r): r is BuiltRun => typeof r.result !== 'string');

/** The product's build of the same dataset, the yardstick of the others. */
export function productRun(runs: GraphBuildRun[], dataset: string): BuiltRun | undefined {
  return built(runs).find((r) => r.dataset === dataset && r.contender.product);
}

export function coreProbeTable(probes: CoreProbe[]): Table {
  return {
    title: 'Cores this benchmark could get (one thread per core spinning for a second)',
    columns: ['before', 'cores', 'cores obtained'],
    rows: probes.map((p) => [p.before, p.cores, p.obtained]),
  };
}

export function buildTable(runs: GraphBuildRun[]): Table {
  return {
    title: 'Graph construction (fresh process per build)',
    columns: [
      'vectors',
      'library, insert threads',
      'build parameters',
      'build s',
      'CPU s',
      'cores used',
      'speed-up over the product',
      'build peak MiB',
    ],
    rows: runs.map((r): Cell[] => {
      const label = formatCount(r.vectors);
      if (typeof r.result === 'string') return [label, r.result, '', null, null, null, null, null];
      const { build, config } = r.result;
      const product = productRun(runs, r.dataset);
      return [
        label,
        r.contender.name,
        config,
        build.seconds,
        build.cores === undefined ? null : round(build.seconds * build.cores, 1),
        build.cores ?? null,
        product ? round(product.result.build.seconds / build.seconds, 2) : null,
        build.peakMiB,
      ];
    }),
  };
}

export function sweepTable(runs: GraphBuildRun[]): Table {
  return {
    title: 'Recall@10 and single-thread queries/s at the same efSearch',
    columns: [
      'vectors',
      'library, insert threads',
      'efSearch',
      'recall@10',
      'queries/s',
      'p50 ms',
      'p99 ms',
    ],
    rows: built(runs).flatMap((r) =>
      r.result.points.map((p) => [
        formatCount(r.vectors),
        r.contender.name,
        p.setting,
        p.recall,
        p.qps,
        p.p50Ms,
        p.p99Ms,
      ]),
    ),
  };
}

/** The fastest swept setting of each build that reaches each target recall. */
export function matchedRecallTable(runs: GraphBuildRun[]): Table {
  return {
    title: `Fastest efSearch reaching recall@10 of ${RECALL_TARGETS.join(' and ')}`,
    columns: [
      'vectors',
      'library, insert threads',
      ...RECALL_TARGETS.flatMap((t) => [`${t}: efSearch`, 'queries/s']),
    ],
    rows: built(runs).map((r) => [
      formatCount(r.vectors),
      r.contender.name,
      ...targetCells(r.result.points),
    ]),
  };
}

export function ingestTable(runs: IngestModeRun[]): Table {
  return {
    title: 'Whole ingest (lexical embedder): graph on a worker thread against the calling thread',
    columns: [
      'papers',
      'graph built on',
      'run',
      ...PHASE_COLUMNS,
      'CPU s',
      'cores used',
      'peak RSS MiB',
    ],
    rows: runs.map(({ papers, mode, run, ingest }) => [
      formatCount(papers),
      mode,
      run,
      ...phaseCells(ingest),
      round(ingest.cpuSeconds, 1),
      round(ingest.cpuSeconds / ingest.seconds, 2),
      Math.round(ingest.peakRssMiB),
    ]),
  };
}

export function publishedGraphTable(graphs: PublishedGraph[]): Table {
  return {
    title: 'The published graphs: file digest and recall@10 against an exact scan',
    columns: [
      'papers',
      'graph built on',
      'graph file sha256 (first 16)',
      'search recall@10',
      'related recall@10',
      'queries',
    ],
    rows: graphs.map((g) => [
      formatCount(g.papers),
      g.mode,
      g.graphSha256.slice(0, 16),
      round(g.recall.search.recallAt10, 4),
      round(g.recall.related.recallAt10, 4),
      `${g.recall.search.queries} + ${g.recall.related.queries}`,
    ]),
  };
}
