import type { Command } from 'commander';
import type { Config } from '../config.js';
import { verifyRoot, type VersionCheck } from '../index/embedded/version-checksums.js';
import { SAMPLE_INDEX } from './options.js';

/**
 * `paper-search verify`: reads every file of every kept version of an embedded index and
 * compares it with the checksums its manifest recorded at publishing. Exits 1 naming each
 * damaged file. A Postgres index is checked by Postgres itself (data checksums).
 */
export function registerVerify(program: Command, config: Config): void {
  program
    .command('verify')
    .description("check every file of an embedded index's versions against their checksums")
    .option(
      '--index <dir>',
      'index root or one version directory',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .action(async (flags: { index: string }) => {
      const started = performance.now();
      const checks = await verifyRoot(flags.index);
      if (checks.length === 0) {
        throw new Error(
          `no published index version in ${flags.index} (verify reads embedded index directories; ` +
            'a Postgres index is checked by Postgres itself: data checksums)',
        );
      }
      for (const check of checks) process.stdout.write(`${describe(check)}\n`);
      const seconds = (performance.now() - started) / 1000;
      const bytes = checks.reduce((sum, c) => sum + c.bytes, 0);
      const damaged = checks.filter((c) => c.problems.length > 0);
      process.stdout.write(
        `${checks.length} version(s), ${mib(bytes)} MiB read in ${seconds.toFixed(2)} s` +
          `${damaged.length > 0 ? `; DAMAGED: ${damaged.map((c) => c.name).join(', ')}` : ''}\n`,
      );
      if (damaged.length > 0) process.exitCode = 1;
    });
}

function describe(check: VersionCheck): string {
  const name = `${check.name}${check.current ? ' (current)' : ''}`;
  if (check.files === null) return `${name}: published without checksums, not checked`;
  if (check.problems.length === 0)
    return `${name}: ok, ${check.files} files, ${mib(check.bytes)} MiB`;
  const lines = check.problems.map((p) => `  ${p.file}: ${p.problem}`);
  return [`${name}: DAMAGED`, ...lines].join('\n');
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
