import type { Command } from 'commander';
import type { Config } from '../config.js';
import { currentVersion, rollback } from '../index/index-root.js';

/** `paper-search rollback`: republish the version before the current one. */
export function registerRollback(program: Command, config: Config): void {
  program
    .command('rollback')
    .description('point the index root back at the previously published version')
    .option('--index <dir>', 'index root', config.PAPER_SEARCH_INDEX)
    .action(async (flags: { index: string }) => {
      const from = await currentVersion(flags.index);
      const to = await rollback(flags.index);
      process.stdout.write(
        `rolled back ${flags.index} from ${from ?? 'nothing'} to ${to}\n` +
          'running servers switch on SIGHUP, POST /admin/reload, or at once when watching the index\n',
      );
    });
}
