/** A fresh temporary directory and its clean-up: the benchmarks' scratch directories. */
export { makeScratchDir as makeTempDir } from '../../src/bench/work-files.js';
