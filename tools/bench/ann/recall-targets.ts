import type { Cell } from '../../../src/results/report.js';
import type { SweepPoint } from './ann-task.js';

/** Recall@10 levels at which libraries and builds are compared by their query speed. */
export const RECALL_TARGETS = [0.95, 0.99] as const;

/**
 * The head of the vector-search table of the fastest setting per target recall; other
 * benchmarks read that table from its results file by this title and these columns.
 */
export const TARGET_TABLE_HEAD = {
  title: `Fastest setting reaching recall@10 of ${RECALL_TARGETS.join(' and ')}`,
  columns: [
    'dataset',
    'library',
    'build parameters',
    ...RECALL_TARGETS.flatMap((target) => [`${target}: setting`, 'queries/s']),
  ],
};

/** The sweep point answering most queries per second among those reaching `target` recall. */
export function fastestAt(points: SweepPoint[], target: number): SweepPoint | null {
  const reaching = points.filter((p) => p.recall >= target);
  return reaching.length ? reaching.reduce((a, b) => (b.qps > a.qps ? b : a)) : null;
}

/** For each target recall, the fastest setting reaching it and its queries/s. */
export function targetCells(points: SweepPoint[]): Cell[] {
  return RECALL_TARGETS.flatMap((target) => {
    const best = fastestAt(points, target);
    return best ? [best.setting, best.qps] : ['not reached', null];
  });
}
