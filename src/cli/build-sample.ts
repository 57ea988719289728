import { parseArgs } from 'node:util';
import { buildSample, writeSample } from '../corpus/sample-builder.js';

/** Rebuilds the sample corpus from the seed listings: build-sample --seeds DIR --out FILE. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.seeds || !values.out) throw new Error('usage: build-sample --seeds DIR --out FILE');
  const build = await buildSample(values.seeds);
  for (const skip of build.skips)
    console.error(`skipped ${skip.file}:${skip.line}: ${skip.reason}`);
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
