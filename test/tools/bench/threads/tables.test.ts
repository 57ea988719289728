import { describe, expect, it } from 'vitest';
import * as tables from '../../../../tools/bench/threads/tables.js';
import { failedRun, graphRuns, ingestComparison } from './fixtures.js';

describe('build-threads tables', () => {
  const runs = [...graphRuns(0.8), failedRun()];
  const comparison = ingestComparison(80);
  const all = [
    tables.coreProbeTable([{ before: 'graph builds, synthetic 100k', cores: 2, obtained: 1.9 }]),
    tables.buildTable(runs),
    tables.matchedRecallTable(runs),
    tables.sweepTable(runs),
    tables.ingestTable(comparison.runs),
    tables.publishedGraphTable(comparison.graphs),
  ];

  it('give every row a cell for every column', () => {
    for (const table of all) {
      expect(table.rows.length, table.title).toBeGreaterThan(0);
      for (const row of table.rows) expect(row, table.title).toHaveLength(table.columns.length);
    }
  });

  it('set each build against the product’s build of the same vectors', () => {
    const rows = tables.buildTable(runs).rows;
    const speedUp = tables.buildTable(runs).columns.indexOf('speed-up over the product');
    const cpu = tables.buildTable(runs).columns.indexOf('CPU s');
    expect(rows.map((r) => r[speedUp])).toEqual([1, 1.82, 1, null]);
    expect(rows[1][cpu]).toBe(104.5);
    expect(rows[3][1]).toBe('usearch, 2 threads failed: out of memory');
  });

  it('name the fastest efSearch reaching each recall, and say when none does', () => {
    const matched = tables.matchedRecallTable([
      ...graphRuns(1).slice(0, 1),
      ...tables.built(graphRuns(1)).map((r) => ({
        ...r,
        result: { ...r.result, points: r.result.points.slice(0, 1) },
      })),
    ]);
    expect(matched.rows[0].slice(2)).toEqual(['ef=16', 5000, 'ef=32', 4000]);
    expect(matched.rows[1].slice(2)).toEqual(['ef=16', 5000, 'not reached', null]);
  });

  it('show the cores a whole ingest kept busy', () => {
    const table = tables.ingestTable(comparison.runs);
    const cores = table.columns.indexOf('cores used');
    expect(table.rows.map((r) => [r[1], r[cores]])).toEqual([
      ['worker thread', 1.5],
      ['calling thread', 1.5],
    ]);
  });
});
