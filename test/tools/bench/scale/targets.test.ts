import { describe, expect, it } from 'vitest';
import { ingestRun, recall, sizeResult } from './fixtures.js';
import {
  evaluateTargets,
  LIMITS,
  serviceRatioFloor,
  type TargetRow,
} from '../../../../tools/bench/scale/targets.js';

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
      ...Array.from({ length: 10 }, () => ['pass', '1M']),
    ]);
    // 2 × 1100 MiB of vectors and graph + 1 GiB.
    expect(byTarget(rows, 'peak ingest RSS').limit).toBe(2 * 1100 + LIMITS.ingestRssSlackMiB);
    // The median of the three 1% updates (120 s) over the full build (3000 s).
    expect(byTarget(rows, 'update of 1%').measured).toBeCloseTo(120 / 3000);
    expect(byTarget(rows, 'publication → first answer').measured).toBe(1.6);
    expect(byTarget(rows, 'peak RSS ≤ 1.3').measured).toBeCloseTo(1800 / 1600);
    expect(byTarget(rows, 'update of 0.1%').measured).toBeCloseTo(60 / 3000);
    expect(byTarget(rows, 'HTTP').measured).toBeCloseTo(0.8);
    expect(byTarget(rows, 'serving RSS').measured).toBeCloseTo(1600 / 4000);
  });

  it('miss where a figure is over its limit', () => {
    const slow = sizeResult(1_000_000, 40, {
      full: ingestRun(5000, { peakRssMiB: 4000 }),
      recall: { built: recall(0.97), updated: recall(0.96) },
    });
    const rows = evaluateTargets([sizeResult(100_000, 4), slow], 0.9);
    const search = byTarget(rows, 'free-text search p50');
    expect(search).toMatchObject({ verdict: 'miss', measured: 40, limit: 10 });
    expect(byTarget(rows, 'grows').measured).toBe(10);
    expect(byTarget(rows, 'grows').verdict).toBe('miss');
    expect(byTarget(rows, 'HTTP').verdict).toBe('miss');
    expect(byTarget(rows, 'full ingest').verdict).toBe('miss');
    expect(byTarget(rows, 'peak ingest RSS').verdict).toBe('miss');
    expect(byTarget(rows, 'peak update RSS')).toMatchObject({ verdict: 'pass', limit: 3224 });
    expect(byTarget(rows, 'recall')).toMatchObject({ verdict: 'miss', measured: 0.96 });
    expect(byTarget(rows, 'recall@10 ≥ 0.99 after three 1% updates, related by id').verdict).toBe(
      'pass',
    );
  });

  it('judge an update’s memory by its worst round', () => {
    const base = sizeResult(1_000_000, 4);
    const heavy = { ...base.updates[1], peakRssMiB: 5000 };
    const result = { ...base, updates: [base.updates[0], heavy, ...base.updates.slice(2)] };
    const row = byTarget(evaluateTargets([result], 0.5), 'peak update RSS');
    expect(row).toMatchObject({ verdict: 'miss', measured: 5000 });
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
