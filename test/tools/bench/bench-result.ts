import { machineInfo } from '../../../src/results/machine.js';
import type { BenchResult } from '../../../src/results/report.js';

/** A results file's content of the shape the runner writes, with `overrides` applied. */
export function benchResult(overrides: Partial<BenchResult>): BenchResult {
  return {
    name: 'vector-search',
    title: 'Vector search',
    quick: false,
    command: 'npm run bench -- vector-search',
    startedAt: '2026-01-01T00:00:00.000Z',
    seconds: 1,
    machine: machineInfo(),
    load: { before: 0.5, after: 0.6 },
    parameters: { sizes: [100] },
    tables: [{ title: 'Speed', columns: ['engine', 'q/s'], rows: [['hnswlib', 1234.5678]] }],
    notes: ['a note'],
    ...overrides,
  };
}
