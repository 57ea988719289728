import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { SAMPLE_INDEX, withBackendOption, backendFor } from './options.js';

/** `paper-search rollback`: republish the version before the current one. */
export function registerRollback(program: Command, config: Config): void {
  withBackendOption(program.command('rollback'), config)
    .description('point the index back at the previously published version')
    .option(
      '--index <dir|name>',
      'index root; the index name with a postgres backend',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .action(async (flags: { index: string; backend: string }) => {
      const log = createLogger(config.LOG_LEVEL, 'rollback');
      const backend = await backendFor(flags, config, log);
      try {
        const from = await backend.published();
        const to = await backend.rollback();
        process.stdout.write(
          `rolled back ${backend.location} from ${from ?? 'nothing'} to ${to}\n` +
            'running servers switch on SIGHUP, POST /admin/reload, or at once when watching the index\n',
        );
      } finally {
        await backend.close();
      }
    });
}
