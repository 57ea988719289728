import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../tools/bench/arxiv/categories.js';
import { CorpusStatisticsCollector } from '../../../tools/bench/corpus-statistics.js';
import {
  syntheticArxivRecords,
  writeSyntheticArxiv,
} from '../../../tools/bench/synthetic-arxiv.js';
import { readArxiv } from '../../../src/corpus/arxiv-reader.js';
import { analyze } from '../../../src/embed/text-analyzer.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('synthetic arXiv corpus', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it('is the same bytes for the same seed, different for another', async () => {
    const files = ['a', 'b', 'c'].map((name) => join(dir, `${name}.jsonl`));
    await writeSyntheticArxiv(files[0], { count: 300, seed: 5 });
    await writeSyntheticArxiv(files[1], { count: 300, seed: 5 });
    await writeSyntheticArxiv(files[2], { count: 300, seed: 6 });
    const [a, b, c] = await Promise.all(files.map((file) => readFile(file)));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('reads through the arXiv snapshot reader without a skipped record', async () => {
    const file = join(dir, 'snapshot.jsonl');
    await writeSyntheticArxiv(file, { count: 400, seed: 1 });
    const papers = [];
    for await (const event of readArxiv(file)) {
      expect(event.kind).toBe('paper');
      if (event.kind === 'paper') papers.push(event.paper);
    }
    expect(papers).toHaveLength(400);
    expect(new Set(papers.map((p) => p.id)).size).toBe(400);
    const codes = new Set([...CATEGORIES.map((c) => c.code), 'astro-ph']);
    for (const paper of papers) {
      expect(paper.arxivId).toMatch(/^([a-z-]+\/\d{7}|\d{4}\.\d{4,5})$/);
      expect(paper.published).toMatch(/^(199\d|20[0-2]\d)-\d\d-\d\d$/);
      expect(paper.categories.every((c) => codes.has(c))).toBe(true);
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.title).not.toMatch(/\n|\s{2}/);
      const words = paper.abstract.split(/[\s-]+/).length;
      expect(words).toBeGreaterThanOrEqual(80);
      expect(words).toBeLessThanOrEqual(260);
    }
    const published = papers.map((p) => p.published as string);
    expect(published).toEqual([...published].sort());
    expect(papers.some((p) => p.doi)).toBe(true);
    expect(papers.some((p) => p.venue)).toBe(true);
  });

  it('has a Zipf head near 1, Heaps growth and a long tail of rare terms', () => {
    const stats = new CorpusStatisticsCollector();
    for (const record of syntheticArxivRecords({ count: 3000, seed: 2 })) {
      stats.add([...analyze(record.title), ...analyze(record.abstract)]);
    }
    const result = stats.result();
    expect(result.zipfHead.exponent).toBeGreaterThan(0.8);
    expect(result.zipfHead.exponent).toBeLessThan(1.2);
    expect(result.heaps.exponent).toBeGreaterThan(0.5);
    expect(result.heaps.exponent).toBeLessThan(0.85);
    expect(result.heaps.r2).toBeGreaterThan(0.98);
    expect(result.hapaxShare).toBeGreaterThan(0.3);
    // Invented words are their own stems: the vocabulary is not the sample's.
    expect(result.vocabulary).toBeGreaterThan(15_000);
  });

  it('starts in 1991 and grows over time', () => {
    const years = [...syntheticArxivRecords({ count: 2000, seed: 3 })].map((r) =>
      Number(r.update_date.slice(0, 4)),
    );
    const before2000 = years.filter((y) => y < 2000).length;
    const after2015 = years.filter((y) => y >= 2015).length;
    expect(Math.min(...years)).toBeLessThan(1995);
    expect(after2015).toBeGreaterThan(5 * before2000);
  });
});
