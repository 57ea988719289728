import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recommendStrategiesBenchmark } from '../../src/bench/recommend-strategies.js';
import type { BenchResult } from '../../src/bench/report.js';
import { RECOMMEND_STRATEGIES } from '../../src/search/recommend-strategies.js';

const COMMITTED = 'bench/results/recommend-strategies.json';

describe('npm run bench -- recommend-strategies', () => {
  it('reproduces the committed tables from the sample, and names every strategy', async () => {
    const fresh = await recommendStrategiesBenchmark.run(
      { quick: false, rebuild: false },
      () => {},
    );
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as BenchResult;
    const stale =
      `${COMMITTED} no longer matches the code, the sample corpus or its judgments: ` +
      'regenerate it with `npm run bench -- recommend-strategies`';
    expect(fresh.parameters, stale).toEqual(committed.parameters);
    expect(fresh.tables, stale).toEqual(committed.tables);
    const strategies = fresh.tables[0].rows.map((row) => String(row[1]).split(' ')[0]);
    expect(new Set(strategies)).toEqual(new Set(RECOMMEND_STRATEGIES));
  });
});
