import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { coresUsed } from '../../../src/results/machine.js';
import { round } from '../stats.js';

/** How many cores this process could get: what a parallel build can hope for. */
export interface CoreProbe {
  /** Where in the benchmark it was taken. */
  before: string;
  cores: number;
  /** CPU time over wall time with one busy thread per core: `cores` on an idle machine. */
  obtained: number;
}

const SPIN = `
const { workerData } = require('node:worker_threads');
const end = Date.now() + workerData;
let spins = 0;
while (Date.now() < end) spins++;
`;

/**
 * One thread per core spinning for `ms`: on a machine shared with other work the cores the
 * process obtains fall short of the cores it has, and so would a parallel build's.
 */
export async function probeCores(before: string, ms = 1000): Promise<CoreProbe> {
  const cores = availableParallelism();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise((resolve, reject) =>
          new Worker(SPIN, { eval: true, workerData: ms }).on('exit', resolve).on('error', reject),
        ),
    ),
  );
  const obtained = coresUsed(cpuBefore, performance.now() - startedAt);
  return { before, cores, obtained: round(obtained, 2) };
}
