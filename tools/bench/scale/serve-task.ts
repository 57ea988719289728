import { DEFAULT_MODE, RANK_MODES, type RankMode } from '../../../src/search/rank-mode.js';
import type { SearchService } from '../../../src/search/search-service.js';
import { drive, timeCalls } from '../call-loops.js';
import { loadLikeServe } from '../load-like-serve.js';
import { rssByKindMiB, rssMiB, settle } from '../memory.js';
import { ENDPOINTS, type Endpoint, type ServeRun } from './measurements.js';
import type { Workload } from './workload.js';

/**
 * A fresh process opens the published version as `serve` does, answers one query, then times
 * the workload: every endpoint in every mode one call at a time, and the default mode from
 * `connections` concurrent loops (the in-process side of the HTTP comparison).
 */
export interface ScaleServeTask extends ServeSettings {
  kind: 'scale-serve';
  root: string;
  workload: Workload;
}

/** How much of the workload is timed, in process and over HTTP alike. */
export interface ServeSettings {
  /** Timed calls per endpoint and mode, after WARM_UP untimed ones. */
  calls: number;
  /** Seconds per endpoint of the concurrent rate runs. */
  rateSeconds: number;
  connections: number;
}

export const K = 10;
export const WARM_UP = 5;

export async function runScaleServeTask(task: ScaleServeTask): Promise<ServeRun> {
  await settle();
  const baselineMiB = rssMiB();
  const startedAt = performance.now();
  const loaded = await loadLikeServe(task.root);
  const loadSeconds = (performance.now() - startedAt) / 1000;
  try {
    await settle();
    const rssAfterLoadMiB = rssMiB();
    const call = (endpoint: Endpoint, mode: RankMode) =>
      workloadCall(loaded.service, task.workload, endpoint, mode);
    const firstAt = performance.now();
    await call('search', DEFAULT_MODE)(0);
    const firstQueryMs = performance.now() - firstAt;
    const latency = [];
    for (const endpoint of ENDPOINTS) {
      for (const mode of RANK_MODES) {
        latency.push({
          endpoint,
          mode,
          latency: await timeCalls(task.calls, call(endpoint, mode), WARM_UP),
        });
      }
    }
    const rate = [];
    for (const endpoint of ENDPOINTS) {
      const run = await drive(task.rateSeconds, task.connections, call(endpoint, DEFAULT_MODE));
      rate.push({ endpoint, requestsPerSecond: run.requestsPerSecond });
    }
    await settle();
    const byKind = rssByKindMiB();
    return {
      loadSeconds,
      firstQueryMs,
      baselineMiB,
      rssAfterLoadMiB,
      rssAfterQueriesMiB: rssMiB(),
      anonMiB: byKind?.anon ?? null,
      fileMiB: byKind?.file ?? null,
      latency,
      rate,
    };
  } finally {
    await loaded.close();
  }
}

/** Call i of the workload on one endpoint in one mode (the workload repeats when i passes its end). */
export function workloadCall(
  service: SearchService,
  workload: Workload,
  endpoint: Endpoint,
  mode: RankMode,
): (i: number) => Promise<unknown> {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length];
  switch (endpoint) {
    case 'search':
      return (i) => service.search(pick(workload.queries, i), { k: K, mode });
    case 'related':
      return (i) => service.related(pick(workload.relatedIds, i), { k: K, mode });
    case 'recommend':
      return (i) => service.recommend({ ...pick(workload.recommend, i), k: K, mode });
  }
}
