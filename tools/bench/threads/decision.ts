import type { SweepPoint } from '../ann/ann-task.js';
import { fastestAt, RECALL_TARGETS, TARGET_TABLE_HEAD } from '../ann/recall-targets.js';
import { DEFAULT_HNSW_PARAMS } from '../../../src/index/hnsw-params.js';
import type { BenchResult } from '../../../src/results/report.js';
import { median, round } from '../stats.js';
import type { CoreProbe } from './core-probe.js';
import type { GraphBuildRun } from './graph-builds.js';
import type { IngestRun } from '../scale/measurements.js';
import type { GraphMode, IngestComparison, IngestModeRun, PublishedGraph } from './ingest-modes.js';
import { built, productRun, type BuiltRun } from './tables.js';

/** What the measurements decide, stated from the measured numbers. */

/** A query rate the vector-search benchmark measured at a target recall. */
export interface PeerRate {
  dataset: string;
  library: string;
  target: number;
  setting: string;
  qps: number;
}

/** Below this share of its cores, a parallel measurement did not get the machine it needs. */
const FREE_SHARE = 0.75;

/**
 * hnswlib-node's and usearch's rates with the product's M from the vector-search results'
 * table of fastest settings per target recall, on its synthetic datasets.
 */
export function peerRates(result: BenchResult | null): PeerRate[] {
  const table = result?.tables.find((t) => t.title === TARGET_TABLE_HEAD.title);
  if (!table) return [];
  const col = (name: string) => table.columns.indexOf(name);
  const [dataset, library, params] = [col('dataset'), col('library'), col('build parameters')];
  const { m } = DEFAULT_HNSW_PARAMS;
  const defaults = [`M=${m},`, `connectivity=${m},`];
  return table.rows.flatMap((row) => {
    const config = String(row[params]);
    if (!String(row[dataset]).startsWith('synthetic')) return [];
    if (!defaults.some((prefix) => config.startsWith(prefix))) return [];
    return RECALL_TARGETS.flatMap((target) => {
      const at = col(`${target}: setting`);
      const qps = row[at + 1];
      if (at < 0 || typeof qps !== 'number') return [];
      const base = { dataset: String(row[dataset]), library: String(row[library]) };
      return [{ ...base, target, setting: String(row[at]), qps }];
    });
  });
}

interface Matched {
  target: number;
  product: SweepPoint | null;
  other: SweepPoint | null;
}

/** Notes on the graph builds: the figures, then whether the parallel build wins. */
export function graphDecision(runs: GraphBuildRun[], peers: PeerRate[]): string[] {
  const parallel = built(runs)
    .filter((r) => !r.contender.product && r.contender.insertThreads > 1)
    .sort((a, b) => b.vectors - a.vectors)[0];
  const product = parallel && productRun(runs, parallel.dataset);
  if (!parallel || !product) return ['No decision on the graph library: a build failed.'];
  const control = built(runs).find(
    (r) =>
      r.dataset === parallel.dataset && !r.contender.product && r.contender.insertThreads === 1,
  );
  const matched = RECALL_TARGETS.map((target) => ({
    target,
    product: fastestAt(product.result.points, target),
    other: fastestAt(parallel.result.points, target),
  }));
  const slower = [
    ...matched.filter(answersSlower).map((m) => `recall@10 ${m.target} here`),
    ...peerLosses(peers),
  ];
  return [
    buildNote(parallel, product, control),
    `Same recall, query speed on ${parallel.dataset} (fastest swept efSearch reaching it, one ` +
      `query at a time on one thread): ${matched.map((m) => describeMatch(m, product, parallel)).join('; ')}.`,
    peers.length
      ? `bench/results/vector-search.md (single-threaded builds, a finer efSearch sweep) measured ` +
        `at the same recall: ${describePeers(peers)}.`
      : 'No vector-search results were found to compare query speeds at larger sizes.',
    graphVerdict(
      product.result.build.seconds / parallel.result.build.seconds,
      starved(parallel),
      slower,
    ),
  ];
}

/** The parallel build kept too few cores busy for its time to say what its threads buy. */
const starved = (run: BuiltRun) =>
  (run.result.build.cores ?? 0) < FREE_SHARE * run.contender.insertThreads;

function buildNote(parallel: BuiltRun, product: BuiltRun, control: BuiltRun | undefined): string {
  const busy = parallel.result.build.cores ?? 0;
  const speedUp = product.result.build.seconds / parallel.result.build.seconds;
  return (
    `Build on ${parallel.dataset}: ${parallel.contender.name} ${parallel.result.build.seconds} s ` +
    `(${busy} cores busy) against ${product.contender.name} ` +
    `${product.result.build.seconds} s on one thread, ${round(speedUp, 2)}× as fast` +
    (control ? `; usearch on one thread ${control.result.build.seconds} s.` : '.') +
    (starved(parallel)
      ? ` Its ${parallel.contender.insertThreads} threads kept only ${busy} cores busy: other ` +
        'work held the rest, so this build time understates what the threads buy on free cores.'
      : '')
  );
}

/** usearch wins only by building faster and answering at least as fast wherever measured. */
function graphVerdict(speedUp: number, wasStarved: boolean, slower: string[]): string {
  if (speedUp > 1 && slower.length === 0) {
    return (
      'Decision: usearch with parallel insertion builds faster and answers as fast at every ' +
      'measured recall; moving the product to it is worth a change of its own.'
    );
  }
  const reasons = [
    ...(speedUp > 1
      ? []
      : [wasStarved ? 'did not build faster on the cores it got' : 'did not build faster']),
    ...(slower.length ? [`answered fewer queries per second at ${slower.join('; ')}`] : []),
  ];
  return `Decision: keep hnswlib-node: usearch with parallel insertion ${reasons.join(', and ')}.`;
}

/** The other build answered fewer queries per second at the target, or never reached it. */
function answersSlower(m: Matched): boolean {
  if (!m.product) return false;
  return !m.other || m.other.qps < m.product.qps;
}

function describeMatch(m: Matched, product: BuiltRun, other: BuiltRun): string {
  const side = (run: BuiltRun, point: SweepPoint | null) =>
    `${run.contender.name} ${point ? `${point.qps} q/s (${point.setting})` : 'not reached'}`;
  return `${m.target}: ${side(product, m.product)}, ${side(other, m.other)}`;
}

/** Datasets and targets of the vector-search results where usearch answered fewer queries/s. */
function peerLosses(peers: PeerRate[]): string[] {
  return pairs(peers)
    .filter(([hnswlib, usearch]) => usearch.qps < hnswlib.qps)
    .map(([hnswlib]) => `recall@10 ${hnswlib.target} on ${hnswlib.dataset} in vector-search.md`);
}

function describePeers(peers: PeerRate[]): string {
  return pairs(peers)
    .map(
      ([h, u]) =>
        `${h.dataset} at ${h.target}: hnswlib-node ${h.qps} q/s (${h.setting}), usearch ` +
        `${u.qps} q/s (${u.setting})`,
    )
    .join('; ');
}

/** hnswlib-node's and usearch's rate for each dataset and target both reached. */
function pairs(peers: PeerRate[]): Array<[PeerRate, PeerRate]> {
  return peers
    .filter((p) => p.library === 'hnswlib-node')
    .flatMap((h) => {
      const u = peers.find(
        (p) => p.library === 'usearch' && p.dataset === h.dataset && p.target === h.target,
      );
      return u ? [[h, u] as [PeerRate, PeerRate]] : [];
    });
}

/**
 * Notes on the two ingest modes at the largest size: speed, and whether the graphs agree. The
 * worker can only help when a second core is free: `probe` says how many were.
 */
export function ingestDecision(comparison: IngestComparison, probe: CoreProbe | null): string[] {
  const size = Math.max(...comparison.runs.map((r) => r.papers));
  const of = (mode: GraphMode) =>
    medians(comparison.runs.filter((r) => r.papers === size && r.mode === mode));
  const [worker, inline] = [of('worker thread'), of('calling thread')];
  if (!worker || !inline) return ['No decision on the graph worker: a mode is missing.'];
  return [
    `Ingest of ${size} papers (median of ${worker.runs} run${worker.runs > 1 ? 's' : ''}): ` +
      `graph on a worker thread ${worker.wall} s wall, embed phase ${worker.embed} s, ` +
      `${worker.cores} cores busy; on the calling thread ${inline.wall} s, ${inline.embed} s, ` +
      `${inline.cores} cores; the worker's job took ${round(worker.wall / inline.wall, 2)}× the time.`,
    graphsNote(comparison.graphs.filter((g) => g.papers === size)),
    ingestVerdict(worker.wall < inline.wall, probe),
  ];
}

/** Median wall and embed-phase seconds and cores busy over one mode's runs. */
function medians(runs: IngestModeRun[]) {
  if (!runs.length) return null;
  const of = (pick: (run: IngestRun) => number, digits: number) =>
    round(median(runs.map((r) => pick(r.ingest))), digits);
  return {
    runs: runs.length,
    wall: of((r) => r.seconds, 1),
    embed: of((r) => r.embedSeconds, 1),
    cores: of((r) => r.cpuSeconds / r.seconds, 2),
  };
}

function graphsNote(graphs: PublishedGraph[]): string {
  const same = graphs.length === 2 && graphs[0].graphSha256 === graphs[1].graphSha256;
  const recall = graphs.map(
    (g) =>
      `${g.mode} ${round(g.recall.search.recallAt10, 4)} / ${round(g.recall.related.recallAt10, 4)}`,
  );
  return (
    (same
      ? 'Both modes published byte-identical graph files, so they answer identically'
      : 'The two modes published different graph files') +
    ` (recall@10 search / related: ${recall.join(', ')}).`
  );
}

function ingestVerdict(workerFaster: boolean, probe: CoreProbe | null): string {
  if (probe && probe.obtained < FREE_SHARE * probe.cores) {
    return (
      `No decision on the graph worker from this run: ${probe.cores} threads spinning before ` +
      `the ingests got ${probe.obtained} cores, so the worker had no free core to run on; ` +
      'the default (on) stands until a run on free cores.'
    );
  }
  return workerFaster
    ? 'Decision: keep building the graph on a worker thread (PAPER_SEARCH_GRAPH_WORKER, on by ' +
        'default): the second core inserts while the first reads, embeds and indexes text.'
    : 'Decision: the worker thread did not shorten the job at this size; building on the ' +
        'calling thread (PAPER_SEARCH_GRAPH_WORKER=false) was as fast.';
}
