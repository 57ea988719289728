import { parseArgs } from 'node:util';
import { writeSyntheticArxiv } from '../bench/synthetic-arxiv.js';

/**
 * Writes a synthetic corpus in the arXiv snapshot schema:
 * synthetic-arxiv --count N [--seed S] --out FILE.jsonl
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!values.out || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    throw new Error('usage: synthetic-arxiv --count N [--seed S] --out FILE.jsonl');
  }
  const startedAt = performance.now();
  await writeSyntheticArxiv(values.out, { count, seed });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`wrote ${count} records to ${values.out} in ${seconds} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
