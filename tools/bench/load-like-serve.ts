import { loadConfig } from '../../src/config.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { createLogger } from '../../src/logger.js';
import type { LoadedIndex } from '../../src/serving/index-holder.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { MODELS_DIR } from './bench-model.js';

/**
 * Opens an embedded index root's published version with the settings `paper-search serve` uses;
 * `previous` is the version served now, which an update of it takes over (as a reload does).
 */
export function loadLikeServe(
  root: string,
  previous: LoadedIndex | null = null,
): Promise<LoadedIndex> {
  const config = loadConfig();
  const silent = createLogger('silent');
  return loadIndex(
    embeddedBackend(root, silent),
    {
      model: {
        modelsDir: MODELS_DIR,
        batchSize: config.PAPER_SEARCH_BATCH,
        threads: config.PAPER_SEARCH_THREADS,
      },
      queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
      filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
    },
    silent,
    { previous },
  );
}
