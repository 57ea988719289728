import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { buildSample, serializeSample, type SampleBuild } from '../../src/corpus/sample-builder.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const seedDir = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));

/**
 * Excerpts of the five seed listings (both layouts, with and without author and date lines):
 * the real seeds live outside the repository, and `npm run sample:check` compares the
 * committed sample with a fresh build from them where they exist.
 */
describe('sample built from seed listings', () => {
  let build: SampleBuild;

  beforeAll(async () => {
    build = await buildSample(seedDir);
  });

  it('parses every listed paper and merges copies by normalised title', () => {
    expect(build.files).toHaveLength(5);
    expect(build.skips).toEqual([]);
    expect(build.parsed).toBe(19);
    expect(build.papers).toHaveLength(17);
  });

  it('keeps the dated copy of a paper listed again later without a date', () => {
    const pissa = build.papers.find((paper) => paper.title.startsWith('PiSSA:'));
    expect(pissa?.published).toBe('2024-04-03');
  });

  it('is reproducible: two builds serialise to the same bytes', async () => {
    const again = await buildSample(seedDir);
    expect(serializeSample(again.papers)).toBe(serializeSample(build.papers));
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
      'doi',
      'arxiv_id',
      'venue',
      'keywords',
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
