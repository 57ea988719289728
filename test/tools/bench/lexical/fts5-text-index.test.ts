import { describe, expect, it } from 'vitest';
import { type Paper, noExtras } from '../../../../src/corpus/paper.js';
import { FacetIndex } from '../../../../src/index/embedded/facet-index.js';
import { Fts5TextIndex, Fts5TextWriter } from '../../../../tools/bench/lexical/fts5-text-index.js';
import { SqliteDatabase } from '../../../../src/index/embedded/sqlite-database.js';
import { textQuery } from '../../../../src/search/lexical-query.js';

const paper = (id: string, title: string, abstract: string, year: number): Paper => ({
  id,
  title,
  abstract,
  authors: [],
  categories: [year % 2 === 0 ? 'even' : 'odd'],
  published: `${year}-01-01`,
  url: null,
  ...noExtras(),
});

const PAPERS = [
  paper('p0', 'Quantum circuits', 'We compile quantum circuits for noisy hardware.', 2020),
  paper(
    'p1',
    'Graph networks',
    'Message passing over graphs of many kinds; quantum methods are not used anywhere in it.',
    2021,
  ),
  paper('p2', 'Noise in training', 'Gradient noise helps generalisation of networks.', 2022),
  paper('p3', 'Error correction', 'Quantum error correction protects qubits from noise.', 2023),
  paper('p4', 'Language models', 'Large language models and their training data.', 2024),
];

describe('Fts5TextIndex', async () => {
  const db = SqliteDatabase.open(':memory:');
  await new Fts5TextWriter(db).put(PAPERS.map((p, label) => ({ label, ...p })));
  const facets = FacetIndex.build(
    PAPERS.map((p, label) => ({
      label,
      published: p.published,
      categories: p.categories,
      authors: [],
    })),
  );
  const text = new Fts5TextIndex(db, facets, 1);
  const terms = (query: string) => textQuery(query).terms;
  const search = async (query: string, k = 10, exclude: number[] = [], filter = {}) =>
    (await text.search({ terms: terms(query) }, k, { filter, exclude: new Set(exclude) })).map(
      (m) => PAPERS[m.label].id,
    );

  it('ranks by BM25 with the title counting more than the abstract', async () => {
    // "quantum" is in p0's title and abstract, and in p3's and p1's abstracts only (p1's is
    // longer, so its one occurrence weighs less).
    expect(await search('quantum')).toEqual(['p0', 'p3', 'p1']);
    const [best] = await text.search({ terms: terms('quantum') }, 1);
    expect(best.score).toBeGreaterThan(0);
  });

  it('matches any query term, with words stemmed by the index', async () => {
    expect((await search('circuit qubit')).sort()).toEqual(['p0', 'p3']);
    expect(await search('trained languages')).toContain('p4');
  });

  it('leaves out excluded papers and still returns k', async () => {
    expect(await search('quantum', 2, [0])).toEqual(['p3', 'p1']);
  });

  it('applies a selective filter inside the query', async () => {
    // A year range of one paper is below the scan threshold (1): the candidate path.
    expect(await search('quantum noise', 10, [], { yearFrom: 2023, yearTo: 2023 })).toEqual(['p3']);
  });

  it('applies a broad filter to an over-fetched ranking', async () => {
    // p2 has "noise" in its title and abstract; p0 matches "quantum" ("noisy" is another stem).
    expect(await search('quantum noise', 10, [], { categories: ['even'] })).toEqual(['p2', 'p0']);
    expect(await search('quantum noise', 1, [2], { categories: ['even'] })).toEqual(['p0']);
  });

  it('turns any text into a valid query: hostile input finds words or nothing, never throws', async () => {
    const hostile = [
      '"',
      '"quantum',
      'NEAR(quantum noise, 2)',
      'title: quantum',
      'quantum*',
      '^quantum',
      'AND OR NOT',
      '(((',
      "qu'antum",
      'quantum - noise',
      '{title abstract}: noise',
      'ﬁne-grained ✓ 量子',
      '\u0000',
      '',
    ];
    for (const query of hostile) await expect(search(query), query).resolves.toBeDefined();
    expect(await search('title: quantum*')).toEqual(['p0', 'p3', 'p1']);
    expect(await search('AND OR NOT')).toEqual([]);
  });

  it('counts the papers each term matches, and the statistics BM25 weighs with', async () => {
    expect(await text.documentFrequencies(terms('quantum absentword'))).toEqual([3, 0]);
    const stats = await text.statistics();
    expect(stats.documents).toBe(5);
    expect(stats.averageLength).toBeGreaterThan(5);
  });

  it("replaces and removes a label's text", async () => {
    const other = SqliteDatabase.open(':memory:');
    const writer = new Fts5TextWriter(other);
    await writer.put(PAPERS.map((p, label) => ({ label, ...p })));
    await writer.put([{ label: 0, title: 'Protein folding', abstract: 'Nothing quantum left.' }]);
    await writer.remove([3]);
    const index = new Fts5TextIndex(other, facets, 1);
    const found = await index.search({ terms: terms('quantum') }, 10);
    expect(found.map((m) => m.label)).toEqual([0, 1]);
    other.close();
  });
});
