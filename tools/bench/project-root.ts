import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/util/project-root.js';

export { PROJECT_ROOT };

/** Git-ignored scratch space where generated vectors and built indexes are kept for reruns. */
export const WORK_DIR = join(PROJECT_ROOT, 'bench', '.work');

/** Committed benchmark results. */
export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
