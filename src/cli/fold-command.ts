import type { Command } from 'commander';
import type { Config } from '../config.js';
import { foldLoggedWrites } from '../ingest/fold-writes.js';
import { createProgressReporter } from '../ingest/progress.js';
import { createLogger } from '../logger.js';
import { formatSummary } from './ingest-command.js';
import {
  backendFor,
  intInRange,
  SAMPLE_INDEX,
  withBackendOption,
  withModelRuntimeOptions,
} from './options.js';

interface FoldFlags {
  index: string;
  backend: string;
  modelsDir: string;
  threads: number;
  batch: number;
  keep: number;
}

/**
 * `paper-search fold`: publishes the writes made through the API (kept in the change log) as
 * a new version, as an update. `serve --fold-writes-after` runs it in a child process.
 */
export function registerFold(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('fold'), config), config)
    .description('publish the writes made through the API as a new index version')
    .option(
      '--index <dir|name>',
      'index root; the index name with a postgres backend',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .option('--batch <n>', 'embedding batch size', intInRange(1, 1024), config.PAPER_SEARCH_BATCH)
    .option(
      '--keep <n>',
      'published versions to keep',
      intInRange(1, 100),
      config.PAPER_SEARCH_KEEP_VERSIONS,
    )
    .action(async (flags: FoldFlags) => {
      const log = createLogger(config.LOG_LEVEL, 'fold');
      const backend = await backendFor(flags, config, log);
      const result = await foldLoggedWrites({
        backend,
        runtime: { modelsDir: flags.modelsDir, batchSize: flags.batch, threads: flags.threads },
        keepVersions: flags.keep,
        log,
        progress: createProgressReporter(log, false),
      }).finally(() => backend.close());
      if (!result.folded) {
        process.stdout.write(`nothing to fold: the published version holds every logged write\n`);
        return;
      }
      log.info(result.summary, 'fold complete');
      process.stdout.write(formatSummary(result.summary));
    });
}
