#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../../src/config.js';
import { registerBench } from './bench-command.js';
import { registerKillTest } from './kill-test-command.js';
import { registerModelMake } from './model-make-command.js';
import { registerSyntheticArxiv } from './synthetic-arxiv-command.js';

/**
 * The workshop's entry point: benchmarks, the test-model generator, the kill test and the
 * synthetic corpus. Built to dist-tools/, never into dist/ or the image.
 */
async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const program = new Command('paper-search-tools')
    .description('benchmarks, test models and robustness checks for paper-search')
    .exitOverride()
    .showHelpAfterError();
  registerBench(program);
  registerModelMake(program, config);
  registerKillTest(program);
  registerSyntheticArxiv(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(
    `paper-search-tools: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
