import { describe, expect, it } from 'vitest';
import { growthTable, ingestTable, recallTable } from '../../../../tools/bench/scale/tables.js';
import * as tables from '../../../../tools/bench/scale/tables.js';
import { evaluateTargets } from '../../../../tools/bench/scale/targets.js';
import { sizeResult, transformerRun } from './fixtures.js';

const results = [sizeResult(10_000, 2), sizeResult(100_000, 3), sizeResult(1_000_000, 4)];

describe('scale tables', () => {
  it('give every row a cell for every column', () => {
    const all = [
      tables.ingestTable(results),
      tables.loadTable(results),
      tables.latencyTable(results, 300),
      tables.httpTable(results, 8),
      tables.updateTable(results),
      tables.recallTable(results),
      tables.transformerTable(transformerRun()),
      tables.growthTable(results),
      tables.targetTable(evaluateTargets(results, 0.5)),
    ];
    for (const table of all) {
      expect(table.rows.length, table.title).toBeGreaterThan(0);
      for (const row of table.rows) expect(row, table.title).toHaveLength(table.columns.length);
    }
  });

  it('show one row per size, and four recall rows per size', () => {
    expect(ingestTable(results).rows.map((r) => r[0])).toEqual(['10k', '100k', '1M']);
    expect(recallTable(results).rows).toHaveLength(12);
  });

  it('put each cost’s growth factor and slope per step beside its values', () => {
    const growth = growthTable(results);
    expect(growth.columns).toEqual([
      'cost',
      '10k',
      '100k',
      '1M',
      '× 10k→100k',
      '× 100k→1M',
      'slope 10k→100k',
      'slope 100k→1M',
      'slope (fit)',
    ]);
    const hybrid = growth.rows.find((r) => r[0] === 'search p50 ms, hybrid');
    expect(hybrid?.slice(1, 6)).toEqual([2, 3, 4, 1.5, 4 / 3]);
  });
});
