import type { Command } from 'commander';
import { writeSyntheticArxiv } from '../bench/synthetic-arxiv.js';
import { intInRange } from '../../src/cli/options.js';

interface SyntheticFlags {
  count: number;
  seed: number;
  out: string;
}

/** `synthetic-arxiv`: a synthetic corpus in the arXiv snapshot schema, for scale runs. */
export function registerSyntheticArxiv(program: Command): void {
  program
    .command('synthetic-arxiv')
    .description('write a synthetic corpus in the arXiv snapshot schema (JSON Lines)')
    .requiredOption('--count <n>', 'how many records', intInRange(1, 100_000_000))
    .option('--seed <n>', 'generator seed', intInRange(0, 2 ** 31 - 1), 1)
    .requiredOption('--out <file>', 'JSONL file to write')
    .action(async (flags: SyntheticFlags) => {
      const startedAt = performance.now();
      await writeSyntheticArxiv(flags.out, { count: flags.count, seed: flags.seed });
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      console.log(`wrote ${flags.count} records to ${flags.out} in ${seconds} s`);
    });
}
