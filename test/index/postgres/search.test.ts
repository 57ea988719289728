import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/corpus/paper.js';
import { authorKeys, categoryKeys } from '../../../src/index/filter.js';
import type { IndexVersion } from '../../../src/index/backend.js';
import { PostgresBackend } from '../../../src/index/postgres/postgres-backend.js';
import { textQuery } from '../../../src/search/lexical-query.js';
import { startTestPostgres, uniqueIndexName, type TestPostgres } from '../../helpers/postgres.js';
import { embedPaper, exactTopK, publishPapers, samplePapers } from './fixture.js';

/** Reading a published version through the seam: records, vectors, text, all as SQL. */
let server: TestPostgres;
let backend: PostgresBackend;
let version: IndexVersion;
const papers = samplePapers();
const vectors = papers.map((paper, label) => ({ label, vector: embedPaper(paper) }));

beforeAll(async () => {
  server = await startTestPostgres();
  backend = await PostgresBackend.connect({ url: server.url, index: uniqueIndexName('search') });
  await publishPapers(backend, papers);
  version = await backend.open();
});

afterAll(async () => {
  await version?.close();
  await backend?.close();
  await server?.stop();
});

const passes = (paper: Paper, category: string) =>
  paper.categories.flatMap(categoryKeys).includes(category);

describe('records', () => {
  it('holds every paper, found by id, DOI in any case, arXiv id and normalised title', async () => {
    expect(await version.records.count()).toBe(papers.length);
    const withDoi = papers.findIndex((p) => p.doi !== null);
    const withArxiv = papers.findIndex((p) => p.arxivId !== null);
    expect(withDoi).toBeGreaterThanOrEqual(0);
    expect(withArxiv).toBeGreaterThanOrEqual(0);
    expect((await version.records.find({ id: papers[3].id }))?.label).toBe(3);
    const byDoi = await version.records.find({
      doi: (papers[withDoi].doi as string).toUpperCase(),
    });
    expect(byDoi?.id).toBe(papers[withDoi].id);
    expect((await version.records.find({ arxivId: papers[withArxiv].arxivId as string }))?.id).toBe(
      papers[withArxiv].id,
    );
    const shouted = `  ${papers[7].title.toUpperCase()}!! `;
    expect((await version.records.find({ title: shouted }))?.id).toBe(papers[7].id);
    expect(await version.records.find({ id: 'no-such-paper' })).toBeNull();
  });

  it('returns papers by label in the order asked, leaving unknown labels out', async () => {
    const found = await version.records.byLabels([5, 99999, 2, 5]);
    expect(found.map((p) => p.label)).toEqual([5, 2, 5]);
    const { label, contentHash, textHash, ...paper } = found[1];
    expect(paper).toEqual(papers[2]);
    expect(label).toBe(2);
    expect(contentHash).toMatch(/^[0-9a-f]{32}$/);
    expect(textHash).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('vectors', () => {
  it('finds the exact nearest neighbours through the HNSW index (recall@10 against a scan)', async () => {
    expect(await version.vectors.size()).toBe(papers.length);
    let hits = 0;
    const queries = vectors.filter((_, i) => i % 18 === 0);
    for (const { vector } of queries) {
      const found = await version.vectors.search(vector, 10);
      expect(found).toHaveLength(10);
      const exact = new Set(exactTopK(vector, vectors, 10));
      hits += found.filter((n) => exact.has(n.label)).length;
      for (let i = 1; i < found.length; i++)
        expect(found[i - 1].score).toBeGreaterThanOrEqual(found[i].score);
    }
    expect(hits / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('scores are cosine similarities of the stored unit vectors', async () => {
    const [best] = await version.vectors.search(vectors[11].vector, 1);
    expect(best.label).toBe(11);
    expect(best.score).toBeCloseTo(1, 5);
    const [stored] = await version.vectors.vectorsOf([11]);
    expect(Array.from(stored as Float32Array)).toEqual(Array.from(vectors[11].vector));
    expect(await version.vectors.vectorsOf([99999])).toEqual([null]);
  });

  it('a selective filter still returns k results when k papers pass, the exact ones', async () => {
    const counts = new Map<string, number>();
    for (const p of papers)
      for (const key of new Set(p.categories.flatMap(categoryKeys)))
        counts.set(key, (counts.get(key) ?? 0) + 1);
    // A category holding a few percent of the corpus: most graph neighbours fail it.
    const [category] = [...counts].find(([, n]) => n >= 12 && n <= 30) as [string, number];
    const allowed = vectors.filter(({ label }) => passes(papers[label], category));
    const query = vectors.find(({ label }) => !passes(papers[label], category))!.vector;
    const found = await version.vectors.search(query, 10, { filter: { categories: [category] } });
    expect(found).toHaveLength(10);
    expect(found.every((n) => passes(papers[n.label], category))).toBe(true);
    expect(found.map((n) => n.label)).toEqual(exactTopK(query, allowed, 10));
  });

  it('returns every passing paper when fewer than k pass, and never an excluded one', async () => {
    const author = papers[20].authors[0];
    const key = authorKeys(author)[0];
    const matching = papers.filter((p) => p.authors.flatMap(authorKeys).includes(key)).length;
    const found = await version.vectors.search(vectors[0].vector, 50, {
      filter: { authors: [author.toUpperCase()] },
      exclude: new Set([20]),
    });
    expect(found.map((n) => n.label)).not.toContain(20);
    expect(found).toHaveLength(matching - 1);
  });

  it('filters by year and publication date', async () => {
    const found = await version.vectors.search(vectors[1].vector, 30, {
      filter: { yearFrom: 2015, yearTo: 2019, since: '2016-03-01' },
    });
    expect(found.length).toBeGreaterThan(0);
    for (const { label } of found) {
      const published = papers[label].published as string;
      expect(published >= '2016-03-01' && published <= '2019-12-31').toBe(true);
    }
  });
});

describe('text', () => {
  it('ranks papers holding the query words first, title matches ahead', async () => {
    const query = textQuery('graph neural networks');
    const found = await version.text.search(query, 10);
    expect(found).toHaveLength(10);
    const top = (await version.records.byLabels(found.map((m) => m.label)))[0];
    expect(`${top.title} ${top.abstract}`.toLowerCase()).toMatch(/graph|neural|network/);
    for (let i = 1; i < found.length; i++)
      expect(found[i - 1].score).toBeGreaterThanOrEqual(found[i].score);
  });

  it('honours a filter and matches nothing for words no paper holds', async () => {
    const category = papers[0].categories[0];
    const found = await version.text.search(textQuery('learning'), 20, {
      filter: { categories: [category] },
    });
    expect(found.length).toBeGreaterThan(0);
    for (const paper of await version.records.byLabels(found.map((m) => m.label))) {
      expect(paper.categories.map((c) => c.toLowerCase())).toContain(category.toLowerCase());
    }
    expect(await version.text.search(textQuery('zzxqv qqzzv'), 10)).toEqual([]);
  });

  it('counts documents per term and reports corpus statistics', async () => {
    const terms = textQuery('quantum zzxqv').terms;
    const [quantum, none] = await version.text.documentFrequencies(terms);
    const literal = papers.filter((p) => /\bquantum\b/i.test(`${p.title} ${p.abstract}`)).length;
    expect(quantum).toBeGreaterThanOrEqual(literal);
    expect(literal).toBeGreaterThan(0);
    expect(none).toBe(0);
    const stats = await version.text.statistics();
    expect(stats.documents).toBe(papers.length);
    expect(stats.averageLength).toBeGreaterThan(50);
  });
});
