import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { qualityBenchmark } from '../../src/bench/quality.js';
import type { BenchResult } from '../../src/bench/report.js';

const COMMITTED = 'bench/results/quality.json';

describe('npm run bench -- quality', () => {
  it('reproduces the committed bench/results/quality tables from the sample', async () => {
    const fresh = await qualityBenchmark.run({ quick: false, rebuild: false }, () => {});
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as BenchResult;
    const stale =
      `${COMMITTED} no longer matches the code, the sample corpus or its judgments: ` +
      'regenerate it with `npm run bench -- quality` and copy its tables into the README';
    expect(fresh.parameters, stale).toEqual(committed.parameters);
    expect(fresh.tables, stale).toEqual(committed.tables);
  });
});
