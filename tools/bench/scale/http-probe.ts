import { MODELS_DIR } from '../bench-model.js';
import { timeCalls } from '../call-loops.js';
import { ServedIndex, type HttpRequest } from '../http-load.js';
import { ENDPOINTS, type Endpoint, type HttpRun } from './measurements.js';
import { K, WARM_UP, type ServeSettings } from './serve-task.js';
import type { Workload } from './workload.js';

/**
 * The workload's requests over HTTP in the default mode, against `paper-search serve` in a
 * child process on a loopback port: one at a time for latency, then from `connections`
 * connections for the rate. Rate limiting is off: one client at full speed is what it stops.
 */
export async function measureHttp(
  root: string,
  workload: Workload,
  settings: ServeSettings,
): Promise<HttpRun> {
  const served = await ServedIndex.start(root, MODELS_DIR, { PAPER_SEARCH_RATE_LIMIT: '0' });
  try {
    const run: HttpRun = { latency: [], rate: [] };
    for (const endpoint of ENDPOINTS) {
      const request = (i: number) => served.send(httpRequest(workload, endpoint, i));
      run.latency.push({ endpoint, latency: await timeCalls(settings.calls, request, WARM_UP) });
    }
    for (const endpoint of ENDPOINTS) {
      const requests = Array.from({ length: settings.calls }, (_, i) =>
        httpRequest(workload, endpoint, i),
      );
      const load = await served.load(requests, settings.connections, settings.rateSeconds);
      run.rate.push({ endpoint, requestsPerSecond: load.requestsPerSecond, errors: load.errors });
    }
    return run;
  } finally {
    await served.stop();
  }
}

/** Request i of the workload on one endpoint, as a client sends it. */
export function httpRequest(workload: Workload, endpoint: Endpoint, i: number): HttpRequest {
  const pick = <T>(list: readonly T[]) => list[i % list.length];
  switch (endpoint) {
    case 'search':
      return `/search?q=${encodeURIComponent(pick(workload.queries))}&k=${K}`;
    case 'related':
      return `/papers/${encodeURIComponent(pick(workload.relatedIds))}/related?k=${K}`;
    case 'recommend':
      return { path: '/recommend', body: { ...pick(workload.recommend), k: K } };
  }
}
