import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../src/serving/index-holder.js';
import { NotFoundError } from '../../src/search/errors.js';
import type { SearchHit, SearchService } from '../../src/search/search-service.js';
import { buildTestIndex, CATEGORIES, openTestIndex, type TestIndex } from './test-index.js';

let index: TestIndex;
/** The same HNSW index loaded twice: filters always through the graph, and scanned. */
let viaGraph: LoadedIndex;
let viaScan: LoadedIndex;
let service: SearchService;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical', facets: true });
  viaGraph = await openTestIndex(index.root, { filterScanBelow: 0 });
  viaScan = await openTestIndex(index.root, { filterScanBelow: 1_000_000 });
  service = viaGraph.service;
});

afterAll(async () => {
  await viaGraph?.close();
  await viaScan?.close();
  await index?.cleanup();
});

const ids = (hits: SearchHit[]) => hits.map((h) => h.id);
const year = (hit: SearchHit) => Number(hit.published?.slice(0, 4));
const byId = (id: string) => index.papers.find((p) => p.id === id)!;
const quantizationPaper = () => index.papers.find((p) => /quantiz/i.test(p.title))!;

function expectSortedDescending(hits: SearchHit[]): void {
  const scores = hits.map((h) => h.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe('SearchService over a lexical HNSW index of the sample', () => {
  it('serves on an HNSW graph, so filters run inside the graph search', async () => {
    expect(service.manifest.search).toBe('hnsw');
    expect(await service.count()).toBe(index.papers.length);
  });

  it('returns the stored record for an id, and NotFoundError for an unknown one', async () => {
    const paper = index.papers[5];
    expect(await service.paper(paper.id)).toEqual(paper);
    await expect(service.paper('no-such-paper')).rejects.toThrow(NotFoundError);
  });

  it('related: k neighbours, best first, never the query paper', async () => {
    for (const paper of index.papers.slice(0, 60)) {
      const hits = await service.related(paper.id, { k: 10 });
      expect(hits).toHaveLength(10);
      expect(ids(hits)).not.toContain(paper.id);
      expectSortedDescending(hits);
    }
  });

  it('every result carries the record fields, a score and a short snippet', async () => {
    const [hit] = await service.related(index.papers[0].id, { k: 1 });
    const paper = byId(hit.id);
    expect(hit).toEqual({
      id: paper.id,
      title: paper.title,
      authors: paper.authors,
      published: paper.published,
      url: paper.url,
      categories: paper.categories,
      doi: paper.doi,
      arxiv_id: paper.arxivId,
      venue: paper.venue,
      keywords: paper.keywords,
      score: expect.any(Number),
      snippet: expect.any(String),
    });
    expect(hit.snippet.length).toBeLessThanOrEqual(241);
    expect(paper.abstract.startsWith(hit.snippet.replace(/…$/, ''))).toBe(true);
  });

  it.each([
    ['graph', () => viaGraph],
    ['scan', () => viaScan],
  ])(
    'a year filter (%s path) returns only matching papers, and k of them',
    async (_path, loaded) => {
      const inRange = index.papers.filter((p) => p.published && p.published >= '2023');
      expect(inRange.length).toBeGreaterThanOrEqual(20);
      const query = quantizationPaper();
      const hits = await loaded().service.related(query.id, {
        k: 20,
        filters: { yearFrom: 2023, yearTo: 2024 },
      });
      expect(hits).toHaveLength(20);
      for (const hit of hits) expect(year(hit)).toBeGreaterThanOrEqual(2023);
      expectSortedDescending(hits);
    },
  );

  it('graph and scan paths agree on the filtered top k', async () => {
    const query = index.papers[3];
    const filters = { yearFrom: 2021 };
    expect(ids(await viaGraph.service.related(query.id, { k: 10, filters }))).toEqual(
      ids(await viaScan.service.related(query.id, { k: 10, filters })),
    );
  });

  it('returns all matches when fewer than k exist', async () => {
    const query = index.papers[0].id;
    const old = index.papers.filter(
      (p) => p.published && p.published >= '2008' && p.published < '2020' && p.id !== query,
    );
    expect(old.length).toBeLessThan(50);
    const hits = await service.related(query, { k: 50, filters: { yearFrom: 2008, yearTo: 2019 } });
    expect(ids(hits).sort()).toEqual(old.map((p) => p.id).sort());
  });

  it('filters on category and author, case-insensitively', async () => {
    const category = CATEGORIES[1];
    const author = index.papers.find((p) => p.categories.includes(category))!.authors[0];
    const matching = index.papers.filter(
      (p) => p.categories.includes(category) && p.authors.includes(author),
    );
    expect(matching.length).toBeGreaterThan(15);
    const hits = await service.search('neural network training', {
      k: 15,
      filters: { categories: [category.toUpperCase()], authors: [author.toLowerCase()] },
    });
    expect(hits).toHaveLength(15);
    for (const hit of hits) {
      expect(byId(hit.id).categories).toContain(category);
      expect(hit.authors).toContain(author);
    }
  });

  it("scores compare across queries: an off-topic query's best match scores low", async () => {
    // Equal weights: the LSA embedder gives an off-topic query with one known word a high
    // cosine, which an index fitted to lean semantic would show more of (docs/ranking.md).
    const equal = { k: 5, semanticWeight: 0.5 };
    const precise = await service.search(quantizationPaper().title, equal);
    const offTopic = await service.search('banana bread recipe with walnuts', equal);
    expect(precise[0].id).toBe(quantizationPaper().id);
    // Min-max fusion would show 1.000 for both best matches.
    expect(precise[0].score).toBeGreaterThan(offTopic[0].score + 0.1);
    expect(offTopic[0].score).toBeLessThan(0.6);
    const lexical = await service.search('banana bread recipe with walnuts', {
      k: 5,
      mode: 'lexical',
    });
    expect(lexical[0].score).toBeLessThan(0.25);
    for (const mode of ['lexical', 'hybrid'] as const) {
      const hits = await service.search('quantization of weights', { k: 10, mode });
      expectSortedDescending(hits);
      for (const hit of hits) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('free-text search with no term known to the corpus matches nothing', async () => {
    expect(await service.search('zzqxv qqxzy', { k: 5 })).toEqual([]);
  });

  it('free-text search for a topical term finds papers that contain it', async () => {
    const hits = await service.search('quantization', { k: 5 });
    expect(hits).toHaveLength(5);
    for (const hit of hits) {
      const paper = byId(hit.id);
      expect(`${paper.title} ${paper.abstract}`).toMatch(/quantiz/i);
    }
  });

  it('recommend with one positive and no negatives ranks like related', async () => {
    const query = quantizationPaper();
    const { results } = await service.recommend({ positive: [query.id], negative: [], k: 10 });
    expect(ids(results)).toEqual(ids(await service.related(query.id, { k: 10 })));
  });

  it('recommend excludes its inputs and moves away from the negatives', async () => {
    const positive = quantizationPaper();
    const [nearestNeighbour] = await service.related(positive.id, { k: 1 });
    const negative = nearestNeighbour.id;
    const { results: hits } = await service.recommend({
      positive: [positive.id],
      negative: [negative],
      k: 10,
    });
    expect(hits).toHaveLength(10);
    expect(ids(hits)).not.toContain(positive.id);
    expect(ids(hits)).not.toContain(negative);
    expectSortedDescending(hits);

    // Similarity of every paper to the negative, from the negative's own neighbour list.
    const toNegative = new Map(
      (await service.related(negative, { k: index.papers.length })).map((h) => [h.id, h.score]),
    );
    const meanToNegative = (list: SearchHit[]) =>
      list.reduce((sum, h) => sum + (toNegative.get(h.id) ?? 1), 0) / list.length;
    const plain = (await service.related(positive.id, { k: 11 })).filter((h) => h.id !== negative);
    expect(meanToNegative(hits)).toBeLessThan(meanToNegative(plain));
  });

  it('recommend names every unknown id at once', async () => {
    const known = index.papers[0].id;
    await expect(
      service.recommend({ positive: [known, 'nope-1'], negative: ['nope-2'], k: 5 }),
    ).rejects.toThrow(/"nope-1", "nope-2"/);
  });

  it('filtered recommend returns k matching papers', async () => {
    const { results: hits } = await service.recommend({
      positive: [index.papers[0].id, index.papers[1].id],
      negative: [],
      k: 10,
      filters: { categories: [CATEGORIES[0]] },
    });
    expect(hits).toHaveLength(10);
    for (const hit of hits) expect(byId(hit.id).categories).toEqual([CATEGORIES[0]]);
  });
});
