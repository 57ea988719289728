import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SEEDS = fileURLToPath(new URL('../fixtures/seeds', import.meta.url));

describe('paper-search sample', async () => {
  const tmp = await makeTempDir('paper-search-sample-');
  afterAll(() => tmp.cleanup());
  const sample = join(tmp.dir, 'papers.jsonl');

  it('build writes the sample from the seed listings; check accepts it', async () => {
    const built = runCli(['sample', 'build', '--seeds', SEEDS, '--sample', sample]);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/papers parsed from 5 files, \d+ unique by normalised title/);
    const lines = (await readFile(sample, 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('title');

    const checked = runCli(['sample', 'check', '--seeds', SEEDS, '--sample', sample]);
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`${sample} matches a fresh build`);
  });

  it('check fails on a sample that differs from a fresh build', async () => {
    await appendFile(sample, '{"title":"stray","abstract":"added by hand"}\n');
    const result = runCli(['sample', 'check', '--seeds', SEEDS, '--sample', sample]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `paper-search: ${sample} differs from a fresh build: run npm run sample:build\n`,
    );
  });

  it('says which option is missing', () => {
    const result = runCli(['sample', 'build']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: required option '--seeds <dir>' not specified/);
  });
});
