import { DEFAULT_MODE, type RankMode } from '../../../src/search/rank-mode.js';
import { formatCount } from '../datasets.js';
import { formatCell, type BenchResult } from '../../../src/results/report.js';
import { median } from '../stats.js';
import {
  ENDPOINTS,
  mappedBytes,
  RECALL_EPSILON,
  type Endpoint,
  type IngestRun,
  type SizeResult,
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
  updateOnePercent: 0.1,
  updateTenthPercent: 0.03,
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
  /** Measured figures that say what the cost is made of. */
  boundBy: string;
  /** Where missed: what would move it. */
  wouldMove: string;
}

const MIB = 2 ** 20;
const ms = (value: number) => `${formatCell(value)} ms`;
const s = (value: number) => `${formatCell(value)} s`;
const mib = (bytes: number) => `${Math.round(bytes / MIB)} MiB`;

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
    servingMemoryTarget(last, at),
    recallTarget(last, at, 'search'),
    recallTarget(last, at, 'related'),
  ];
}

function verdict(measured: number | null, limit: number, atMost = true): Verdict {
  if (measured === null || !Number.isFinite(measured)) return 'not measured';
  return (atMost ? measured <= limit : measured >= limit) ? 'pass' : 'miss';
}

function row(
  fields: Omit<TargetRow, 'verdict' | 'wouldMove'>,
  atMost: boolean,
  wouldMove: string,
): TargetRow {
  const judged =
    fields.limit === null ? 'not measured' : verdict(fields.measured, fields.limit, atMost);
  return { ...fields, verdict: judged, wouldMove: judged === 'miss' ? wouldMove : '' };
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

/** Hybrid runs the dense and the BM25 ranking: their own latencies show which one bounds it. */
function halves(result: SizeResult, endpoint: Endpoint, stat: 'p50Ms' | 'p99Ms'): string {
  const semantic = latencyOf(result, endpoint, 'semantic')?.[stat];
  const lexical = latencyOf(result, endpoint, 'lexical')?.[stat];
  if (semantic === undefined || lexical === undefined) return '';
  return `${endpoint} ${stat.slice(0, 3)} semantic ${ms(semantic)}, lexical ${ms(lexical)}`;
}

function halvesRemedy(result: SizeResult, endpoint: Endpoint, stat: 'p50Ms' | 'p99Ms'): string {
  const semantic = latencyOf(result, endpoint, 'semantic')?.[stat] ?? 0;
  const lexical = latencyOf(result, endpoint, 'lexical')?.[stat] ?? 0;
  return lexical >= semantic
    ? 'the BM25 half, already block-max WAND over segments: fewer or boosted more-like-this ' +
        'terms, or a minimum share of them to match (as Elasticsearch’s more_like_this), lets ' +
        'it skip more postings, at a change to the ranking that the judged set must accept'
    : 'the dense half: a lower efSearch, or smaller vectors (fewer lexical dimensions, ' +
        'quantised vectors)';
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
      boundBy: halves(result, endpoint, stat),
    },
    true,
    halvesRemedy(result, endpoint, stat),
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
  const overhead = result.http.latency.flatMap(({ endpoint, latency }) => {
    const local = latencyOf(result, endpoint, DEFAULT_MODE);
    return local ? [`${endpoint} +${ms(latency.p50Ms - local.p50Ms)}`] : [];
  });
  return row(
    {
      target: 'HTTP / in-process rate ≥ the service table’s lowest default-mode ratio',
      at,
      measured: lowest,
      limit: floor,
      boundBy:
        `ratios ${ratios.map((r) => `${r.endpoint} ${formatCell(r.ratio)}`).join(', ')}; ` +
        `HTTP p50 over in-process p50: ${overhead.join(', ')}`,
    },
    false,
    'less work per request outside the search (request log, JSON of the hits), or more ' +
      'server processes: one event loop runs both the search and the HTTP work',
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
  const parts = (['semantic', 'lexical'] as const).map((mode) => {
    const r = ratio(mode);
    return `${mode} ×${formatCell(r)}`;
  });
  return row(
    {
      target: `${DEFAULT_MODE} free-text p50 grows ≤ ${LIMITS.searchP50Growth}× to ${formatCount(TARGET_PAPERS)}`,
      at: step,
      measured,
      limit: LIMITS.searchP50Growth,
      boundBy: measured === null ? '' : `search p50 growth: ${parts.join(', ')}`,
    },
    true,
    last ? halvesRemedy(last, 'search', 'p50Ms') : '',
  );
}

/** Updates of one share; their time as a share of the full build's, the median over rounds. */
export function updatesOf(result: SizeResult, share: number): UpdateRun[] {
  return result.updates.filter((u) => u.share === share);
}

function phases(run: IngestRun, load: string): string {
  return (
    `${s(run.seconds)}: read ${s(run.readSeconds)}, ${load} ${s(run.embedderLoadSeconds)}, ` +
    `embed phase ${s(run.embedSeconds)}, publish ${s(run.publishSeconds)}`
  );
}

function updateTarget(result: SizeResult, at: string, share: number, limit: number): TargetRow {
  const runs = updatesOf(result, share);
  const measured = runs.length ? median(runs.map((u) => u.seconds)) / result.full.seconds : null;
  const typical = runs.find((u) => u.seconds === median(runs.map((r) => r.seconds))) ?? runs[0];
  return row(
    {
      target: `update of ${share * 100}% ≤ ${limit * 100}% of the full build’s time`,
      at,
      measured,
      limit,
      boundBy: typical
        ? `${phases(typical, 'model')} (read: the whole input, the base's store copied and its ` +
          `graph loaded; publish: checksum, graph saved, text index optimised); embedded ` +
          `${typical.embedded}`
        : '',
    },
    true,
    'work in proportion to the change rather than the corpus: read a change list rather than ' +
      'the whole input, and share unchanged records, graph and text index with the base ' +
      'instead of copying, loading and rewriting them',
  );
}

function fullIngestTarget(result: SizeResult, at: string): TargetRow {
  return row(
    {
      target: `full ingest ≤ ${LIMITS.fullIngestSeconds / 60} min`,
      at,
      measured: result.full.seconds,
      limit: LIMITS.fullIngestSeconds,
      boundBy: phases(result.full, 'lexical fit'),
    },
    true,
    'the embed phase inserts into the graph on one thread: parallel graph construction, or a ' +
      'lower efConstruction',
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
      boundBy:
        `vectors + graph ${mib(result.full.disk.vectorBytes)}; peak ${Math.round(
          result.full.peakRssMiB,
        )} MiB, ${Math.round(result.full.peakBeforeEmbedMiB)} MiB of it by the embed phase's ` +
        `start (input read, lexical fit), ${Math.round(result.full.rssAfterEmbedMiB)} MiB ` +
        'resident at its end',
    },
    true,
    'hold per-paper state of the whole corpus (id maps, label sets) in the store rather than ' +
      'in memory, and cap what the lexical fit keeps',
  );
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
      boundBy: worst
        ? `${worst.label}: peak ${Math.round(worst.peakRssMiB)} MiB, ` +
          `${Math.round(worst.peakBeforeEmbedMiB)} MiB of it by the embed phase's start (the ` +
          `whole input read and compared with the base, the base's graph loaded), ` +
          `${Math.round(worst.rssAfterEmbedMiB)} MiB resident at its end`
        : '',
    },
    true,
    'an update that reads a change list rather than the whole input, so it holds no ' +
      'per-paper state of the unchanged corpus beside the carried graph',
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
      boundBy:
        `RSS ${Math.round(serve.rssAfterQueriesMiB)} MiB (anon ${Math.round(serve.anonMiB ?? NaN)}, ` +
        `file ${Math.round(serve.fileMiB ?? NaN)}); mapped ${mib(mapped)}: vectors + graph ` +
        `${mib(result.full.disk.vectorBytes)}, records ${mib(result.full.disk.recordsBytes)}, ` +
        `text ${mib(result.full.disk.textBytes)}`,
    },
    true,
    'map the graph file instead of reading it into the heap, and keep fewer lexical dimensions',
  );
}

function recallTarget(result: SizeResult, at: string, kind: 'search' | 'related'): TargetRow {
  const built = result.recall.built[kind];
  const updated = result.recall.updated[kind];
  const sweep = updated.sweep.map(
    (p) => `ef ${p.ef} ${formatCell(p.recallAt10)} (${ms(p.meanMs)})`,
  );
  const enough = updated.sweep.find((p) => p.recallAt10 >= LIMITS.recallAt10);
  const worn = built.recallAt10 >= LIMITS.recallAt10;
  const name = kind === 'search' ? 'free text' : 'related by id';
  return row(
    {
      target: `recall@10 ≥ ${LIMITS.recallAt10} after three 1% updates, ${name}`,
      at,
      measured: updated.recallAt10,
      limit: LIMITS.recallAt10,
      boundBy:
        `full build ${formatCell(built.recallAt10)}, after updates ` +
        `${formatCell(updated.recallAt10)} (${updated.queries} queries); within ${RECALL_EPSILON * 100}% of the ` +
        `true 10th's distance ${formatCell(updated.epsilonRecallAt10)}; graph after updates at ` +
        `${sweep.join(', ')}`,
    },
    false,
    worn
      ? 'rebuilding the graph (`ingest --update --rebuild`) once updates have worn it'
      : enough
        ? `a higher default efSearch: ${enough.ef} reaches ${formatCell(enough.recallAt10)} here`
        : (updated.recallAt10 >= built.recallAt10 - 0.01
            ? 'not the updates (they kept the full build’s recall): the graph’s own recall on ' +
              'these vectors bounds it; '
            : '') +
          'a higher efSearch than any tried, a denser graph (larger M, higher ' +
          'efConstruction), or query vectors nearer the papers’ own (the lexical ' +
          'embedder’s short-query vectors sit far from every paper)',
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
