import { describe, it } from 'vitest';
import { qualityBenchmark } from '../../../tools/bench/quality.js';
import { expectCommittedResults } from './committed-results.js';

describe('npm run bench -- quality', () => {
  it('reproduces the committed bench/results/quality tables from the sample', async () => {
    await expectCommittedResults(
      qualityBenchmark,
      '`npm run bench -- quality` and copy its tables into the README',
    );
  });
});
