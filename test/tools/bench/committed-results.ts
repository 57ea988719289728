import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { BenchResult } from '../../../src/results/report.js';
import type { BenchOutcome, Benchmark } from '../../../tools/bench/runner.js';

/**
 * Runs a benchmark that needs only the sample and expects its parameters and tables to equal
 * the committed results file, so a change to the code or the data cannot leave it stale.
 * Returns the fresh result for further checks.
 */
export async function expectCommittedResults(
  benchmark: Benchmark,
  regenerate: string,
): Promise<BenchOutcome> {
  const file = `bench/results/${benchmark.name}.json`;
  const fresh = await benchmark.run({ quick: false, rebuild: false }, () => {});
  const committed = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  const stale =
    `${file} no longer matches the code, the sample corpus or its judgments: ` +
    `regenerate it with ${regenerate}`;
  expect(fresh.parameters, stale).toEqual(committed.parameters);
  expect(fresh.tables, stale).toEqual(committed.tables);
  return fresh;
}
