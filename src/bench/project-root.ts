import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root: two levels above this module in both src/bench and dist/bench. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Git-ignored scratch space where generated vectors and built indexes are kept for reruns. */
export const WORK_DIR = join(PROJECT_ROOT, 'bench', '.work');

/** Committed benchmark results. */
export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
