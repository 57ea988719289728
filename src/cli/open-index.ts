import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import type { FusionMethod } from '../search/fusion.js';
import type { LoadedIndex } from '../serving/index-holder.js';
import { loadIndex } from '../serving/index-loader.js';
import { backendFor } from './options.js';

/** Where a read-only command finds its index and model files. */
export interface IndexFlags {
  index: string;
  backend: string;
  modelsDir: string;
  threads: number;
}

/**
 * Opens the published version as `serve` does (embedder checked and warmed) for a command that
 * reads it; closing it closes the backend too. Hybrid fuses by `fusion` (the default if none).
 */
export async function openIndex(
  flags: IndexFlags,
  config: Config,
  logName: string,
  fusion?: FusionMethod,
): Promise<LoadedIndex> {
  const log = createLogger(config.LOG_LEVEL, logName);
  const backend = await backendFor(flags, config, log);
  const loaded = await loadIndex(
    backend,
    {
      model: {
        modelsDir: flags.modelsDir,
        batchSize: config.PAPER_SEARCH_BATCH,
        threads: flags.threads,
      },
      queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
      filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
      fusion,
    },
    log,
  ).catch(async (error: unknown) => {
    await backend.close();
    throw error;
  });
  return {
    ...loaded,
    close: async () => {
      await loaded.close();
      await backend.close();
    },
  };
}
