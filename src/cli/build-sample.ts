import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildSample, serializeSample, writeSample } from '../corpus/sample-builder.js';

/**
 * Rebuilds the sample corpus from the seed listings and record files:
 * build-sample --seeds DIR [--records FILE …] --out FILE. With --check, compares a fresh build
 * with FILE instead and fails when they differ.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      records: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.seeds || !values.out)
    throw new Error('usage: build-sample --seeds DIR [--records FILE …] --out FILE [--check]');
  const build = await buildSample(values.seeds, values.records);
  for (const skip of build.skips)
    console.error(`skipped ${skip.file}:${skip.line}: ${skip.reason}`);
  if (values.check) {
    const committed = await readFile(values.out, 'utf8');
    if (committed !== serializeSample(build.papers))
      throw new Error(`${values.out} differs from a fresh build: run npm run sample:build`);
    console.log(`${values.out} matches a fresh build (${build.papers.length} papers)`);
    return;
  }
  await writeSample(values.out, build.papers);
  console.log(
    `${build.parsed} papers parsed from ${build.files.length} files, ` +
      `${build.papers.length} unique by normalised title, ${build.skips.length} skipped; ` +
      `wrote ${values.out}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
