import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { buildSample, serializeSample, type SampleBuild } from '../../src/corpus/sample-builder.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const seedDir = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));
const arxivRecords = fileURLToPath(
  new URL('../fixtures/corpus/arxiv-snapshot-real.jsonl', import.meta.url),
);

/**
 * Excerpts of the five seed listings (both layouts, with and without author and date lines) and
 * five real arXiv snapshot records: the real seeds live outside the repository, and
 * `npm run sample:check` compares the committed sample with a fresh build from them where they
 * exist.
 */
describe('sample built from seed listings and arXiv records', () => {
  let build: SampleBuild;

  beforeAll(async () => {
    build = await buildSample(seedDir, [arxivRecords]);
  });

  it('parses every listed paper and record and merges copies by normalised title', () => {
    expect(build.files).toHaveLength(6);
    expect(build.skips).toEqual([]);
    expect(build.parsed).toBe(19 + 5);
    expect(build.papers).toHaveLength(17 + 5);
  });

  it('keeps the authors, categories, DOIs and links of the records', () => {
    expect(build.papers.find((paper) => paper.id === '0704.0001')).toMatchObject({
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      categories: ['hep-ph'],
      published: '2007-04-02',
      doi: '10.1103/PhysRevD.76.013009',
      arxivId: '0704.0001',
      url: 'https://arxiv.org/abs/0704.0001',
      venue: 'Phys.Rev.D76:013009,2007',
    });
  });

  it('keeps the dated copy of a paper listed again later without a date', () => {
    const pissa = build.papers.find((paper) => paper.title.startsWith('PiSSA:'));
    expect(pissa?.published).toBe('2024-04-03');
  });

  it('is reproducible: two builds serialise to the same bytes', async () => {
    const again = await buildSample(seedDir, [arxivRecords]);
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

  it('lets the more complete copy from a record file replace a listed paper', async () => {
    const listing = join(tmp.dir, 'listing');
    await mkdir(listing);
    await writeFile(
      join(listing, 'a.txt'),
      ['Sparsity-certifying Graph Decompositions', 'A listed copy.', ''].join('\n'),
    );
    const { parsed, papers } = await buildSample(listing, [arxivRecords]);
    expect(parsed).toBe(6);
    expect(papers.filter((paper) => paper.title.startsWith('Sparsity'))).toEqual([
      expect.objectContaining({ id: '0704.0002', authors: ['Ileana Streinu', 'Louis Theran'] }),
    ]);
  });

  it('fails clearly without seed files', async () => {
    await expect(buildSample(join(tmp.dir, 'absent'))).rejects.toThrow(CorpusError);
  });
});
