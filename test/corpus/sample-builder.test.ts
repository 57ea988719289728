import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { buildSample, serializeSample, type SampleBuild } from '../../src/corpus/sample-builder.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const repoRoot = new URL('../../', import.meta.url);
const seedDir = fileURLToPath(new URL('../shared/seeds/', repoRoot));
const sampleFile = fileURLToPath(new URL('data/sample/papers.jsonl', repoRoot));

describe('sample built from the seed listings', () => {
  let build: SampleBuild;

  beforeAll(async () => {
    if (!existsSync(seedDir)) {
      throw new Error(
        `seed listings not found: expected ../shared/seeds beside the repository (${seedDir})`,
      );
    }
    build = await buildSample(seedDir);
  });

  it('parses every seed paper and merges copies by normalised title', () => {
    expect(build.files).toHaveLength(5);
    expect(build.skips).toEqual([]);
    expect(build.parsed).toBe(568);
    expect(build.papers).toHaveLength(540);
  });

  it('keeps the dated copy of a paper listed again later without a date', () => {
    const pissa = build.papers.find((paper) => paper.title.startsWith('PiSSA:'));
    expect(pissa?.published).toBe('2024-04-03');
  });

  it('matches the committed data/sample/papers.jsonl byte for byte', async () => {
    const committed = await readFile(sampleFile, 'utf8');
    expect(committed === serializeSample(build.papers), 'rerun npm run sample:build').toBe(true);
  });

  it('writes sorted ids and a fixed key order', () => {
    const ids = build.papers.map((paper) => paper.id);
    expect(ids).toEqual([...ids].sort());
    const firstLine = serializeSample(build.papers.slice(0, 1));
    expect(Object.keys(JSON.parse(firstLine))).toEqual([
      'id',
      'title',
      'abstract',
      'authors',
      'categories',
      'published',
      'url',
    ]);
  });
});

describe('buildSample merging', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('prefers the more complete copy, then the last one', async () => {
    const blocks = ['Shared Title', '', 'Dated abstract.', '', '• 2 authors', '·', 'May 1, 2020'];
    await writeFile(
      join(tmp.dir, 'a.txt'),
      [...blocks, '', 'Tie', '', 'First tie.', ''].join('\n'),
    );
    await writeFile(
      join(tmp.dir, 'b.txt'),
      ['Shared Title', 'Undated abstract.', 'Tie', 'Second tie.'].join('\n'),
    );
    const { parsed, papers } = await buildSample(tmp.dir);
    expect(parsed).toBe(4);
    const byTitle = Object.fromEntries(papers.map((paper) => [paper.title, paper]));
    expect(byTitle['Shared Title']).toMatchObject({
      abstract: 'Dated abstract.',
      published: '2020-05-01',
    });
    expect(byTitle['Tie'].abstract).toBe('Second tie.');
  });

  it('fails clearly without seed files', async () => {
    await expect(buildSample(join(tmp.dir, 'absent'))).rejects.toThrow(CorpusError);
  });
});
