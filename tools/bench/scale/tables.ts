import { DEFAULT_MODE, RANK_MODES } from '../../../src/search/rank-mode.js';
import { formatCount } from '../datasets.js';
import type { Cell, Table } from '../../../src/results/report.js';
import { median, round } from '../stats.js';
import { growth } from './growth.js';
import {
  ENDPOINTS,
  mappedBytes,
  RECALL_EPSILON,
  type IngestRun,
  type SizeResult,
  type TransformerRun,
} from './measurements.js';
import { httpRatios, latencyOf, updatesOf, type TargetRow } from './targets.js';

/** The scale benchmark's tables, from its measurements. */

export const RECALL_KINDS = [
  ['search', 'free text'],
  ['related', 'related by id'],
] as const;

const MIB = 2 ** 20;
const mib = (bytes: number) => Math.round(bytes / MIB);
const papers = (r: { papers: number }) => formatCount(r.papers);

/** A lexical ingest's wall time, rate and phases, as every table of whole ingests shows them. */
export const PHASE_COLUMNS = [
  'wall s',
  'papers/s',
  'read s',
  'lexical fit s',
  'embed phase s',
  'publish s',
] as const;

export function phaseCells(run: IngestRun): Cell[] {
  return [
    round(run.seconds, 1),
    Math.round(run.docsPerSecond),
    round(run.readSeconds, 1),
    round(run.embedderLoadSeconds, 1),
    round(run.embedSeconds, 1),
    round(run.publishSeconds, 1),
  ];
}

export function ingestTable(results: SizeResult[]): Table {
  return {
    title: 'Full ingest (lexical embedder, embedded backend, default settings)',
    columns: [
      'papers',
      ...PHASE_COLUMNS,
      'peak RSS MiB',
      'peak before embed MiB',
      'RSS after embed MiB',
      'version dir MiB',
      'vectors + graph MiB',
      'records MiB',
      'text index MiB',
      'checkpoints MiB',
      'corpus file MiB',
    ],
    rows: results.map((r) => [
      papers(r),
      ...phaseCells(r.full),
      Math.round(r.full.peakRssMiB),
      Math.round(r.full.peakBeforeEmbedMiB),
      Math.round(r.full.rssAfterEmbedMiB),
      mib(r.full.disk.versionBytes),
      mib(r.full.disk.vectorBytes),
      mib(r.full.disk.recordsBytes),
      mib(r.full.disk.textBytes),
      mib(r.full.disk.checkpointBytes),
      mib(r.corpusBytes),
    ]),
  };
}

export function loadTable(results: SizeResult[]): Table {
  return {
    title: 'Load in a fresh process (loadIndex, as serve opens the published version)',
    columns: [
      'papers',
      'load s',
      'first query ms',
      'bare process MiB',
      'RSS after load MiB',
      'RSS after queries MiB',
      'anon MiB',
      'file MiB',
      'mapped MiB',
      'RSS / mapped',
    ],
    rows: results.map((r) => {
      const mapped = mappedBytes(r.full.disk);
      return [
        papers(r),
        round(r.serve.loadSeconds, 2),
        round(r.serve.firstQueryMs, 2),
        Math.round(r.serve.baselineMiB),
        Math.round(r.serve.rssAfterLoadMiB),
        Math.round(r.serve.rssAfterQueriesMiB),
        r.serve.anonMiB === null ? null : Math.round(r.serve.anonMiB),
        r.serve.fileMiB === null ? null : Math.round(r.serve.fileMiB),
        mib(mapped),
        round((r.serve.rssAfterQueriesMiB * MIB) / mapped, 2),
      ];
    }),
  };
}

export function latencyTable(results: SizeResult[], calls: number): Table {
  return {
    title: `Latency in process (ms, ${calls} sequential calls per cell)`,
    columns: [
      'papers',
      'endpoint',
      ...RANK_MODES.flatMap((mode) => [`${mode} p50`, `${mode} p99`]),
    ],
    rows: results.flatMap((r) =>
      ENDPOINTS.map((endpoint) => [
        papers(r),
        endpoint,
        ...RANK_MODES.flatMap((mode) => {
          const latency = latencyOf(r, endpoint, mode);
          return latency ? [latency.p50Ms, latency.p99Ms] : [null, null];
        }),
      ]),
    ),
  };
}

export function httpTable(results: SizeResult[], connections: number): Table {
  return {
    title: `HTTP against in process (${DEFAULT_MODE} mode, the default)`,
    columns: [
      'papers',
      'endpoint',
      'HTTP p50 ms',
      'HTTP p99 ms',
      'in-process p50 ms',
      'in-process p99 ms',
      `HTTP req/s (${connections} conn.)`,
      `in-process req/s (${connections} loops)`,
      'HTTP / in-process',
      'HTTP errors',
    ],
    rows: results.flatMap((r) => {
      const ratios = httpRatios(r);
      return ENDPOINTS.map((endpoint) => {
        const http = r.http.latency.find((l) => l.endpoint === endpoint)?.latency;
        const local = latencyOf(r, endpoint, DEFAULT_MODE);
        const httpRate = r.http.rate.find((l) => l.endpoint === endpoint);
        const localRate = r.serve.rate.find((l) => l.endpoint === endpoint);
        return [
          papers(r),
          endpoint,
          http?.p50Ms ?? null,
          http?.p99Ms ?? null,
          local?.p50Ms ?? null,
          local?.p99Ms ?? null,
          httpRate ? Math.round(httpRate.requestsPerSecond) : null,
          localRate ? Math.round(localRate.requestsPerSecond) : null,
          ratios.find((x) => x.endpoint === endpoint)?.ratio ?? null,
          httpRate?.errors ?? null,
        ];
      });
    }),
  };
}

export function updateTable(results: SizeResult[]): Table {
  return {
    title:
      'Updates through ingest --update --changes (a change list), one after another on the same index',
    columns: [
      'papers',
      'update',
      'changed',
      'removed',
      'added',
      'wall s',
      'of full build',
      'peak RSS MiB',
      'embedded',
      'carried',
      'lexical model',
      'read s',
      'model s',
      'embed phase s',
      'publish s',
    ],
    rows: results.flatMap((r) =>
      r.updates.map((u) => [
        papers(r),
        u.label,
        u.plan.changed,
        u.plan.removed,
        u.plan.added,
        round(u.seconds, 1),
        round(u.seconds / r.full.seconds, 3),
        Math.round(u.peakRssMiB),
        u.embedded,
        u.carried,
        u.lexicalModel,
        round(u.readSeconds, 1),
        round(u.embedderLoadSeconds, 2),
        round(u.embedSeconds, 2),
        round(u.publishSeconds, 1),
      ]),
    ),
  };
}

export function switchTable(results: SizeResult[]): Table {
  return {
    title: 'A serving process switching to a 0.1% update under a steady request loop',
    columns: [
      'papers',
      'from',
      'to',
      'taken over',
      'update wall s',
      'publication → first answer s',
      'reload s',
      'RSS one version MiB',
      'peak RSS in switch MiB',
      'peak / one version',
      'requests',
      'failed',
    ],
    rows: results.flatMap((r) => {
      const s = r.switch;
      if (!s) return [];
      return [
        [
          papers(r),
          s.from,
          s.to,
          s.tookOver ? 'yes' : 'no (whole load)',
          round(s.update.seconds, 1),
          round(s.firstAnswerSeconds, 2),
          round(s.reloadSeconds, 2),
          Math.round(s.oneVersionMiB),
          Math.round(s.peakMiB),
          round(s.peakMiB / s.oneVersionMiB, 2),
          s.requests,
          s.failedRequests,
        ],
      ];
    }),
  };
}

export function recallTable(results: SizeResult[]): Table {
  const efs = results[0]?.recall.built.search.sweep.map((point) => point.ef) ?? [];
  const states = [
    ['full build', (r: SizeResult) => r.recall.built],
    ['after three 1% updates', (r: SizeResult) => r.recall.updated],
  ] as const;
  return {
    title: 'Recall@10 in semantic mode against an exact scan of the same version',
    columns: [
      'papers',
      'index',
      'version',
      'queries',
      'served recall@10',
      `served recall@10, ε ${RECALL_EPSILON}`,
      ...efs.flatMap((ef) => [`recall ef ${ef}`, `ms/query ef ${ef}`]),
    ],
    rows: results.flatMap((r) =>
      states.flatMap(([state, pick]) => {
        const run = pick(r);
        return RECALL_KINDS.map(([kind, label]) => {
          const set = run[kind];
          return [
            papers(r),
            `${state}, ${label}`,
            run.version,
            set.queries,
            round(set.recallAt10, 4),
            round(set.epsilonRecallAt10, 4),
            ...efs.flatMap((ef) => {
              const point = set.sweep.find((p) => p.ef === ef);
              return point ? [round(point.recallAt10, 4), point.meanMs] : [null, null];
            }),
          ];
        });
      }),
    ),
  };
}

export function transformerTable(run: TransformerRun): Table {
  return {
    title: `Transformer path (generated MiniLM-shaped model, ${run.dtype})`,
    columns: [
      'papers',
      'wall s',
      'papers/s',
      'read s',
      'model load s',
      'embed phase s',
      'publish s',
      'peak RSS MiB',
    ],
    rows: [
      [
        papers(run),
        round(run.seconds, 1),
        round(run.docsPerSecond, 1),
        round(run.readSeconds, 1),
        round(run.embedderLoadSeconds, 2),
        round(run.embedSeconds, 1),
        round(run.publishSeconds, 1),
        Math.round(run.peakRssMiB),
      ],
    ],
  };
}

/** One cost measured at every size. */
export interface CostSeries {
  metric: string;
  values: Array<number | null>;
  /** Drawn in the growth chart (the table has every series). */
  charted?: boolean;
}

const medianOr = (values: number[]) => (values.length ? median(values) : null);

const ingestSeries = (
  results: SizeResult[],
  metric: string,
  pick: (run: IngestRun) => number,
  charted = false,
): CostSeries => ({ metric, values: results.map((r) => pick(r.full)), charted });

export function costSeries(results: SizeResult[]): CostSeries[] {
  const updateSeconds = (share: number) =>
    results.map((r) => medianOr(updatesOf(r, share).map((u) => u.seconds)));
  return [
    ingestSeries(results, 'full ingest s', (run) => run.seconds, true),
    ingestSeries(results, 'read s', (run) => run.readSeconds),
    ingestSeries(results, 'lexical fit s', (run) => run.embedderLoadSeconds),
    ingestSeries(results, 'embed phase s', (run) => run.embedSeconds),
    ingestSeries(results, 'publish s', (run) => run.publishSeconds),
    ingestSeries(results, 'peak ingest RSS MiB', (run) => run.peakRssMiB, true),
    ingestSeries(results, 'peak before embed MiB', (run) => run.peakBeforeEmbedMiB),
    ingestSeries(results, 'version dir MiB', (run) => run.disk.versionBytes / MIB, true),
    ingestSeries(results, 'checkpoints MiB', (run) => run.disk.checkpointBytes / MIB),
    { metric: 'update 1% s (median)', values: updateSeconds(0.01), charted: true },
    { metric: 'update 0.1% s', values: updateSeconds(0.001), charted: true },
    {
      metric: 'update 1% peak RSS MiB (median)',
      values: results.map((r) => medianOr(updatesOf(r, 0.01).map((u) => u.peakRssMiB))),
    },
    { metric: 'load s', values: results.map((r) => r.serve.loadSeconds) },
    {
      metric: 'serving RSS MiB',
      values: results.map((r) => r.serve.rssAfterQueriesMiB),
      charted: true,
    },
    ...ENDPOINTS.flatMap((endpoint) =>
      RANK_MODES.map((mode) => ({
        metric: `${endpoint} p50 ms, ${mode}`,
        values: results.map((r) => latencyOf(r, endpoint, mode)?.p50Ms ?? null),
        charted: endpoint === 'search' || mode === DEFAULT_MODE,
      })),
    ),
    ...ENDPOINTS.map((endpoint) => ({
      metric: `${endpoint} HTTP p50 ms`,
      values: results.map(
        (r) => r.http.latency.find((l) => l.endpoint === endpoint)?.latency.p50Ms ?? null,
      ),
    })),
  ];
}

export function growthTable(results: SizeResult[]): Table {
  const sizes = results.map((r) => r.papers);
  const steps = sizes.slice(1).map((size, i) => `${formatCount(sizes[i])}→${formatCount(size)}`);
  return {
    title: 'Growth with corpus size (log-log: slope 1 is linear, 0 flat)',
    columns: [
      'cost',
      ...sizes.map(formatCount),
      ...steps.map((step) => `× ${step}`),
      ...steps.map((step) => `slope ${step}`),
      'slope (fit)',
    ],
    rows: costSeries(results).map(({ metric, values }) => {
      const g = growth(sizes, values);
      const cells: Cell[] = [
        metric,
        ...values,
        ...g.factors,
        ...g.slopes.map((v) => (v === null ? null : round(v, 2))),
        g.fitSlope === null ? null : round(g.fitSlope, 2),
      ];
      return cells;
    }),
  };
}

export function targetTable(rows: TargetRow[]): Table {
  return {
    title: 'Targets (set for 1M papers on this machine; judged at the largest size measured)',
    columns: ['target', 'at', 'measured', 'limit', 'result'],
    rows: rows.map((t) => [t.target, t.at, t.measured, t.limit, t.verdict]),
  };
}
