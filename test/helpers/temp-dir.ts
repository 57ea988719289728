/** A fresh temporary directory, a way to write files into it, and its clean-up. */
export {
  makeScratchDir as makeTempDir,
  type ScratchDir as TempDir,
} from '../../tools/bench/work-files.js';
