import { describe, expect, it } from 'vitest';
import { recommendStrategiesBenchmark } from '../../../tools/bench/recommend-strategies.js';
import { RECOMMEND_STRATEGIES } from '../../../src/search/recommend-strategies.js';
import { expectCommittedResults } from './committed-results.js';

describe('npm run bench -- recommend-strategies', () => {
  it('reproduces the committed tables from the sample, and names every strategy', async () => {
    const fresh = await expectCommittedResults(
      recommendStrategiesBenchmark,
      '`npm run bench -- recommend-strategies`',
    );
    const strategies = fresh.tables[0].rows.map((row) => String(row[1]).split(' ')[0]);
    expect(new Set(strategies)).toEqual(new Set(RECOMMEND_STRATEGIES));
  });
});
