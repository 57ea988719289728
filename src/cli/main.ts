#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import { registerEval } from './eval-command.js';
import { registerFold } from './fold-command.js';
import { registerHarvest } from './harvest-command.js';
import { registerIngest } from './ingest-command.js';
import { registerModel } from './model-command.js';
import { registerOpenapi } from './openapi-command.js';
import { registerRecommend } from './recommend-command.js';
import { registerRollback } from './rollback-command.js';
import { registerSample } from './sample-command.js';
import { registerServe } from './serve-command.js';
import { registerVerify } from './verify-command.js';
import { PROJECT_ROOT } from '../util/project-root.js';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

/** Entry point: one subcommand per job; errors become one clear line and a non-zero exit. */
async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const program = new Command('paper-search')
    .description('semantic search for research papers')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError();
  registerIngest(program, config);
  registerHarvest(program, config);
  registerServe(program, config);
  registerFold(program, config);
  registerRollback(program, config);
  registerVerify(program, config);
  registerEval(program, config);
  registerRecommend(program, config);
  registerOpenapi(program, config);
  registerModel(program, config);
  registerSample(program, config);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`paper-search: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
