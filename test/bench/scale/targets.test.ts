import { describe, expect, it } from 'vitest';
import type {
  IngestRun,
  ModeLatency,
  SizeResult,
  UpdateRun,
} from '../../../src/bench/scale/measurements.js';
import {
  evaluateTargets,
  LIMITS,
  serviceRatioFloor,
  type TargetRow,
} from '../../../src/bench/scale/targets.js';

const MIB = 2 ** 20;

function ingestRun(seconds: number, overrides: Partial<IngestRun> = {}): IngestRun {
  return {
    version: 'v000001',
    papers: 1_000_000,
    seconds,
    docsPerSecond: 1_000_000 / seconds,
    embedderLoadSeconds: seconds * 0.1,
    embedSeconds: seconds * 0.6,
    otherSeconds: seconds * 0.3,
    embedded: 1_000_000,
    carried: 0,
    diff: { added: 1_000_000, changed: 0, unchanged: 0, removed: 0 },
    lexicalModel: 'fitted',
    peakRssMiB: 3000,
    disk: {
      versionBytes: 4000 * MIB,
      vectorBytes: 1100 * MIB,
      recordsBytes: 2900 * MIB,
      textBytes: 0,
      files: {},
      checkpointBytes: 1000 * MIB,
      rootBytes: 9000 * MIB,
    },
    ...overrides,
  };
}

function update(label: string, share: number, seconds: number): UpdateRun {
  return { ...ingestRun(seconds), label, share, plan: { changed: 1, removed: 1, added: 1 } };
}

/** Latency of every endpoint in every mode: hybrid at `hybrid`, the halves below it. */
function latencies(hybrid: number): ModeLatency[] {
  return (['search', 'related', 'recommend'] as const).flatMap((endpoint) =>
    (
      [
        ['semantic', 0.5],
        ['lexical', hybrid * 0.9],
        ['hybrid', hybrid],
      ] as const
    ).map(([mode, p50Ms]) => ({
      endpoint,
      mode,
      latency: { calls: 300, p50Ms, p99Ms: p50Ms * 4, meanMs: p50Ms * 1.2 },
    })),
  );
}

function sizeResult(
  papers: number,
  hybridMs: number,
  overrides: Partial<SizeResult> = {},
): SizeResult {
  const rate = (requestsPerSecond: number) =>
    (['search', 'related', 'recommend'] as const).map((endpoint) => ({
      endpoint,
      requestsPerSecond,
      errors: 0,
    }));
  return {
    papers,
    corpusBytes: papers * 1500,
    full: ingestRun(3000),
    serve: {
      loadSeconds: 10,
      firstQueryMs: 5,
      baselineMiB: 60,
      rssAfterLoadMiB: 1500,
      rssAfterQueriesMiB: 1600,
      anonMiB: 1500,
      fileMiB: 100,
      latency: latencies(hybridMs),
      rate: rate(100),
    },
    http: {
      latency: (['search', 'related', 'recommend'] as const).map((endpoint) => ({
        endpoint,
        latency: { calls: 300, p50Ms: hybridMs + 1, p99Ms: hybridMs * 5, meanMs: hybridMs + 1 },
      })),
      rate: rate(80),
    },
    updates: [
      update('1% (1st)', 0.01, 200),
      update('1% (2nd)', 0.01, 250),
      update('1% (3rd)', 0.01, 400),
      update('0.1%', 0.001, 60),
    ],
    recall: { version: 'v000004', queries: 300, recallAt10: 0.995 },
    ...overrides,
  };
}

const byTarget = (rows: TargetRow[], start: string) => {
  const row = rows.find((r) => r.target.includes(start));
  if (!row) throw new Error(`no target "${start}"`);
  return row;
};

describe('scale targets', () => {
  it('pass where every figure is within its limit', () => {
    const rows = evaluateTargets([sizeResult(100_000, 2), sizeResult(1_000_000, 4)], 0.5);
    expect(rows.map((r) => [r.verdict, r.at])).toEqual([
      ...Array.from({ length: 4 }, () => ['pass', '1M']),
      ['pass', '100k→1M'],
      ...Array.from({ length: 6 }, () => ['pass', '1M']),
    ]);
    expect(rows.every((r) => r.wouldMove === '')).toBe(true);
    // 2 × 1100 MiB of vectors and graph + 1 GiB.
    expect(byTarget(rows, 'peak ingest RSS').limit).toBe(2 * 1100 + LIMITS.ingestRssSlackMiB);
    // The median of the three 1% updates (250 s) over the full build (3000 s).
    expect(byTarget(rows, 'update of 1%').measured).toBeCloseTo(250 / 3000);
    expect(byTarget(rows, 'update of 0.1%').measured).toBeCloseTo(60 / 3000);
    expect(byTarget(rows, 'HTTP').measured).toBeCloseTo(0.8);
    expect(byTarget(rows, 'serving RSS').measured).toBeCloseTo(1600 / 4000);
  });

  it('miss where a figure is over, and say what bounds it and what would move it', () => {
    const slow = sizeResult(1_000_000, 40, {
      full: ingestRun(5000, { peakRssMiB: 4000 }),
      recall: { version: 'v000004', queries: 300, recallAt10: 0.97 },
    });
    const rows = evaluateTargets([sizeResult(100_000, 4), slow], 0.9);
    const search = byTarget(rows, 'free-text search p50');
    expect(search).toMatchObject({ verdict: 'miss', measured: 40, limit: 10 });
    expect(search.boundBy).toBe('search p50 semantic 0.5 ms, lexical 36 ms');
    expect(search.wouldMove).toMatch(/BM25/);
    expect(byTarget(rows, 'grows').measured).toBe(10);
    expect(byTarget(rows, 'grows').verdict).toBe('miss');
    expect(byTarget(rows, 'HTTP').verdict).toBe('miss');
    expect(byTarget(rows, 'full ingest').verdict).toBe('miss');
    expect(byTarget(rows, 'full ingest').boundBy).toMatch(/lexical fit 500 s, embed phase 3000 s/);
    expect(byTarget(rows, 'peak ingest RSS').verdict).toBe('miss');
    expect(byTarget(rows, 'recall').verdict).toBe('miss');
    expect(rows.filter((r) => r.verdict === 'miss').every((r) => r.wouldMove !== '')).toBe(true);
  });

  it('judge at the largest size and leave unmeasured targets open', () => {
    const rows = evaluateTargets([sizeResult(100_000, 3)], null);
    expect(byTarget(rows, 'free-text search p50').at).toBe('100k');
    expect(byTarget(rows, 'grows').verdict).toBe('not measured');
    expect(byTarget(rows, 'HTTP').verdict).toBe('not measured');
    expect(evaluateTargets([], 0.5)).toEqual([]);
  });
});

describe('the service table’s ratio floor', () => {
  const table = (rows: Array<[string, number]>) => ({
    tables: [
      {
        title: 'HTTP (autocannon) against the same calls in process',
        columns: ['index', 'endpoint', 'HTTP / in-process'],
        rows: rows.map(([endpoint, ratio]) => ['sample', endpoint, ratio]),
      },
    ],
  });

  it('is the lowest ratio of the rows in the default mode', () => {
    const service = table([
      ['related', 0.72],
      ['search', 0.69],
      ['related, mode=semantic', 0.3],
    ]);
    expect(serviceRatioFloor(service)).toBe(0.69);
    expect(serviceRatioFloor(table([['search, mode=semantic', 0.4]]))).toBeNull();
    expect(serviceRatioFloor(null)).toBeNull();
  });
});
