import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { buildSample, serializeSample, writeSample } from '../corpus/sample-builder.js';

interface SampleFlags {
  seeds: string;
  records: string[];
  sample: string;
}

/**
 * `paper-search sample build|check`: the sample corpus, rebuilt from the seed listings and
 * record files.
 */
export function registerSample(program: Command, config: Config): void {
  const sample = program
    .command('sample')
    .description('the sample corpus: rebuild it from the seed listings, or check it');
  const withFiles = (command: Command) =>
    command
      .requiredOption('--seeds <dir>', 'folder of seed listing files')
      .option('--records <file...>', 'record files (e.g. an arXiv snapshot) added after them', [])
      .option('--sample <file>', 'the sample corpus (JSON Lines)', config.PAPER_SEARCH_SAMPLE);

  withFiles(sample.command('build'))
    .description('parse the seed listings, keep one paper per normalised title, write the sample')
    .action(build);
  withFiles(sample.command('check'))
    .description('fail unless the sample equals a fresh build from the seed listings')
    .action(check);
}

async function freshBuild(seeds: string, records: string[]) {
  const build = await buildSample(seeds, records);
  for (const skip of build.skips) {
    console.error(`skipped ${skip.file}:${skip.line}: ${skip.reason}`);
  }
  return build;
}

async function build({ seeds, records, sample }: SampleFlags): Promise<void> {
  const result = await freshBuild(seeds, records);
  await writeSample(sample, result.papers);
  console.log(
    `${result.parsed} papers parsed from ${result.files.length} files, ` +
      `${result.papers.length} unique by normalised title, ${result.skips.length} skipped; ` +
      `wrote ${sample}`,
  );
}

async function check({ seeds, records, sample }: SampleFlags): Promise<void> {
  const result = await freshBuild(seeds, records);
  const committed = await readFile(sample, 'utf8');
  if (committed !== serializeSample(result.papers)) {
    throw new Error(`${sample} differs from a fresh build: run npm run sample:build`);
  }
  console.log(`${sample} matches a fresh build (${result.papers.length} papers)`);
}
