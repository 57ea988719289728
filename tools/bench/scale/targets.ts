import { DEFAULT_MODE, type RankMode } from '../../../src/search/rank-mode.js';
import { formatCount } from '../datasets.js';
import type { BenchResult } from '../../../src/results/report.js';
import { median } from '../stats.js';
import {
  ENDPOINTS,
  mappedBytes,
  type Endpoint,
  type SizeResult,
  type SwitchRun,
  type UpdateRun,
} from './measurements.js';

/** The targets are set for a million papers on the 2-core machine the results name. */
export const TARGET_PAPERS = 1_000_000;
export const LIMITS = {
  searchP50Ms: 10,
  searchP99Ms: 50,
  relatedP50Ms: 5,
  /** Default-mode free-text p50 from the size before to the target size. */
  searchP50Growth: 3,
  /** Update time as a share of the full build's. */
  updateOnePercent: 0.05,
  updateTenthPercent: 0.03,
  /** A serving process switching to a 0.1% update: publication to first answer, and memory. */
  switchSeconds: 5,
  switchMemoryRatio: 1.3,
  fullIngestSeconds: 3600,
  /** Peak ingest RSS under 2 × (vectors + graph) + this. */
  ingestRssSlackMiB: 1024,
  servingRssRatio: 1.3,
  recallAt10: 0.99,
} as const;

export type Verdict = 'pass' | 'miss' | 'not measured';

export interface TargetRow {
  target: string;
  /** The size (or step between sizes) the target was judged at. */
  at: string;
  measured: number | null;
  limit: number | null;
  verdict: Verdict;
}

const MIB = 2 ** 20;

/**
 * Judges every target at the largest size measured (the lead's full run reaches the target
 * size; smaller runs show where the trend points). `serviceFloor` is the lowest HTTP /
 * in-process ratio of the service benchmark's default-mode rows, null when it has none.
 */
export function evaluateTargets(results: SizeResult[], serviceFloor: number | null): TargetRow[] {
  const sorted = [...results].sort((a, b) => a.papers - b.papers);
  const last = sorted.at(-1);
  if (!last) return [];
  const at = formatCount(last.papers);
  return [
    latencyTarget(last, at, 'search', 'p50Ms', LIMITS.searchP50Ms, 'free-text search p50'),
    latencyTarget(last, at, 'search', 'p99Ms', LIMITS.searchP99Ms, 'free-text search p99'),
    latencyTarget(last, at, 'related', 'p50Ms', LIMITS.relatedP50Ms, 'related-by-id p50'),
    httpTarget(last, at, serviceFloor),
    growthTarget(sorted),
    updateTarget(last, at, 0.01, LIMITS.updateOnePercent),
    updateTarget(last, at, 0.001, LIMITS.updateTenthPercent),
    fullIngestTarget(last, at),
    ingestMemoryTarget(last, at),
    updateMemoryTarget(last, at),
    ...switchTargets(last, at),
    servingMemoryTarget(last, at),
    recallTarget(last, at, 'search'),
    recallTarget(last, at, 'related'),
  ];
}

function verdict(measured: number | null, limit: number, atMost = true): Verdict {
  if (measured === null || !Number.isFinite(measured)) return 'not measured';
  return (atMost ? measured <= limit : measured >= limit) ? 'pass' : 'miss';
}

function row(fields: Omit<TargetRow, 'verdict'>, atMost: boolean): TargetRow {
  const judged =
    fields.limit === null ? 'not measured' : verdict(fields.measured, fields.limit, atMost);
  return { ...fields, verdict: judged };
}

export function latencyOf(
  result: SizeResult,
  endpoint: Endpoint,
  mode: RankMode,
): { p50Ms: number; p99Ms: number } | null {
  return (
    result.serve.latency.find((l) => l.endpoint === endpoint && l.mode === mode)?.latency ?? null
  );
}

function latencyTarget(
  result: SizeResult,
  at: string,
  endpoint: Endpoint,
  stat: 'p50Ms' | 'p99Ms',
  limit: number,
  name: string,
): TargetRow {
  const measured = latencyOf(result, endpoint, DEFAULT_MODE)?.[stat] ?? null;
  return row(
    {
      target: `${DEFAULT_MODE} ${name} ≤ ${limit} ms in process`,
      at,
      measured,
      limit,
    },
    true,
  );
}

/** HTTP / in-process request rates at the same concurrency, per endpoint. */
export function httpRatios(result: SizeResult): Array<{ endpoint: Endpoint; ratio: number }> {
  return ENDPOINTS.flatMap((endpoint) => {
    const http = result.http.rate.find((r) => r.endpoint === endpoint);
    const local = result.serve.rate.find((r) => r.endpoint === endpoint);
    return http && local && local.requestsPerSecond > 0
      ? [{ endpoint, ratio: http.requestsPerSecond / local.requestsPerSecond }]
      : [];
  });
}

function httpTarget(result: SizeResult, at: string, floor: number | null): TargetRow {
  const ratios = httpRatios(result);
  const lowest = ratios.length ? Math.min(...ratios.map((r) => r.ratio)) : null;
  return row(
    {
      target: 'HTTP / in-process rate ≥ the service table’s lowest default-mode ratio',
      at,
      measured: lowest,
      limit: floor,
    },
    false,
  );
}

function growthTarget(sorted: SizeResult[]): TargetRow {
  const [before, last] = sorted.slice(-2);
  const step = last && before ? `${formatCount(before.papers)}→${formatCount(last.papers)}` : '–';
  const factor = (result: SizeResult | undefined, mode: RankMode) =>
    result ? (latencyOf(result, 'search', mode)?.p50Ms ?? null) : null;
  const ratio = (mode: RankMode) => {
    const [a, b] = [factor(before, mode), factor(last, mode)];
    return a && b ? b / a : null;
  };
  const measured = sorted.length >= 2 ? ratio(DEFAULT_MODE) : null;
  return row(
    {
      target: `${DEFAULT_MODE} free-text p50 grows ≤ ${LIMITS.searchP50Growth}× to ${formatCount(TARGET_PAPERS)}`,
      at: step,
      measured,
      limit: LIMITS.searchP50Growth,
    },
    true,
  );
}

/** Updates of one share; their time as a share of the full build's, the median over rounds. */
export function updatesOf(result: SizeResult, share: number): UpdateRun[] {
  return result.updates.filter((u) => u.share === share);
}

function updateTarget(result: SizeResult, at: string, share: number, limit: number): TargetRow {
  const runs = updatesOf(result, share);
  const measured = runs.length ? median(runs.map((u) => u.seconds)) / result.full.seconds : null;
  return row(
    {
      target: `update of ${share * 100}% ≤ ${limit * 100}% of the full build’s time`,
      at,
      measured,
      limit,
    },
    true,
  );
}

function fullIngestTarget(result: SizeResult, at: string): TargetRow {
  return row(
    {
      target: `full ingest ≤ ${LIMITS.fullIngestSeconds / 60} min`,
      at,
      measured: result.full.seconds,
      limit: LIMITS.fullIngestSeconds,
    },
    true,
  );
}

function ingestMemoryTarget(result: SizeResult, at: string): TargetRow {
  const vectors = result.full.disk.vectorBytes / MIB;
  return row(
    {
      target: `peak ingest RSS < 2 × (vectors + graph) + ${LIMITS.ingestRssSlackMiB / 1024} GiB`,
      at,
      measured: result.full.peakRssMiB,
      limit: 2 * vectors + LIMITS.ingestRssSlackMiB,
    },
    true,
  );
}

function switchTargets(result: SizeResult, at: string): TargetRow[] {
  const run = result.switch;
  const measured = (value: (run: SwitchRun) => number) => (run ? value(run) : null);
  return [
    row(
      {
        at,
        target: `switch to a 0.1% update: publication → first answer ≤ ${LIMITS.switchSeconds} s`,
        limit: LIMITS.switchSeconds,
        measured: measured((r) => r.firstAnswerSeconds),
      },
      true,
    ),
    row(
      {
        at,
        target: `switch to a 0.1% update: peak RSS ≤ ${LIMITS.switchMemoryRatio} × one version`,
        limit: LIMITS.switchMemoryRatio,
        measured: measured((r) => r.peakMiB / r.oneVersionMiB),
      },
      true,
    ),
  ];
}

/** An update is an ingest too: its peak against the same bound, the highest of its rounds. */
function updateMemoryTarget(result: SizeResult, at: string): TargetRow {
  const vectors = result.full.disk.vectorBytes / MIB;
  const worst = [...result.updates].sort((a, b) => b.peakRssMiB - a.peakRssMiB)[0];
  return row(
    {
      target: `peak update RSS < 2 × (vectors + graph) + ${LIMITS.ingestRssSlackMiB / 1024} GiB`,
      at,
      measured: worst ? worst.peakRssMiB : null,
      limit: 2 * vectors + LIMITS.ingestRssSlackMiB,
    },
    true,
  );
}

function servingMemoryTarget(result: SizeResult, at: string): TargetRow {
  const mapped = mappedBytes(result.full.disk);
  const { serve } = result;
  return row(
    {
      target: `serving RSS ≤ ${LIMITS.servingRssRatio} × mapped bytes`,
      at,
      measured: (serve.rssAfterQueriesMiB * MIB) / mapped,
      limit: LIMITS.servingRssRatio,
    },
    true,
  );
}

function recallTarget(result: SizeResult, at: string, kind: 'search' | 'related'): TargetRow {
  const updated = result.recall.updated[kind];
  const name = kind === 'search' ? 'free text' : 'related by id';
  return row(
    {
      target: `recall@10 ≥ ${LIMITS.recallAt10} after three 1% updates, ${name}`,
      at,
      measured: updated.recallAt10,
      limit: LIMITS.recallAt10,
    },
    false,
  );
}

/**
 * The lowest HTTP / in-process ratio among the service benchmark's default-mode rows (its
 * endpoint column names no other mode); null when the file has no such table.
 */
export function serviceRatioFloor(service: Pick<BenchResult, 'tables'> | null): number | null {
  const table = service?.tables.find((t) => t.columns.includes('HTTP / in-process'));
  if (!table) return null;
  const endpoint = table.columns.indexOf('endpoint');
  const ratio = table.columns.indexOf('HTTP / in-process');
  const ratios = table.rows
    .filter((r) => !String(r[endpoint]).includes('mode='))
    .map((r) => r[ratio])
    .filter((v): v is number => typeof v === 'number');
  return ratios.length ? Math.min(...ratios) : null;
}
