import type { LoadResult } from './http-load.js';
import { percentile } from './stats.js';

/** Latency of calls made one after another: what a single client sees. */
export interface Latency {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** `loops` callers issuing calls back to back for `seconds`, like autocannon's connections. */
export async function drive(
  seconds: number,
  loops: number,
  call: (i: number) => unknown,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let issued = 0;
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await call(issued++);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  const elapsed = (performance.now() - startedAt) / 1000;
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: 0,
  };
}

/** Times `calls` sequential calls of `call(0)`, `call(1)`, … after `warmUp` untimed ones. */
export async function timeCalls(
  calls: number,
  call: (i: number) => Promise<unknown>,
  warmUp = 0,
): Promise<Latency> {
  for (let i = 0; i < warmUp; i++) await call(i);
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await call(warmUp + i);
    latencies.push(performance.now() - t0);
  }
  return {
    calls,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((sum, ms) => sum + ms, 0) / calls,
  };
}
