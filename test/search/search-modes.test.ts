import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSION_DEPTH } from '../../src/search/fusion.js';
import { DEFAULT_EXPANSIONS } from '../../src/search/query-expansion.js';
import type { LoadedIndex } from '../../src/serving/index-holder.js';
import { DEFAULT_MODE, RANK_MODES } from '../../src/search/rank-mode.js';
import type { SearchHit, SearchService } from '../../src/search/search-service.js';
import { buildTestIndex, openTestIndex, type TestIndex } from './test-index.js';

let index: TestIndex;
let loaded: LoadedIndex;
let service: SearchService;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical', facets: true });
  loaded = await openTestIndex(index.root);
  service = loaded.service;
});

afterAll(async () => {
  await loaded?.close();
  await index?.cleanup();
});

const ids = (hits: SearchHit[]) => hits.map((h) => h.id);
const paperTitled = (pattern: RegExp) => index.papers.find((p) => pattern.test(p.title))!;

describe('ranking modes', () => {
  it('defaults to hybrid', async () => {
    expect(DEFAULT_MODE).toBe('hybrid');
    const text = 'quantization of large language models';
    expect(ids(await service.search(text, { k: 10 }))).toEqual(
      ids(await service.search(text, { k: 10, mode: 'hybrid' })),
    );
  });

  it('lexical mode without expansion ranks papers containing the query words by BM25', async () => {
    const hits = await service.search('Hopfield', { k: 5, mode: 'lexical', expand: [] });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      const paper = index.papers.find((p) => p.id === hit.id)!;
      expect(`${paper.title} ${paper.abstract}`).toMatch(/hopfield/i);
    }
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('hybrid results come from the union of the two rankings', async () => {
    const text = 'making big language models run on small devices';
    const depth = { k: FUSION_DEPTH };
    const semantic = ids(await service.search(text, { ...depth, mode: 'semantic' }));
    const lexical = ids(await service.search(text, { ...depth, mode: 'lexical' }));
    const hybrid = ids(await service.search(text, { k: 20, mode: 'hybrid' }));
    expect(hybrid).toHaveLength(20);
    for (const id of hybrid) expect([...semantic, ...lexical]).toContain(id);
  });

  it.each(RANK_MODES)('%s: related and recommend leave out their input papers', async (mode) => {
    const source = paperTitled(/Matryoshka Quantization/);
    const related = await service.related(source.id, { k: 10, mode });
    expect(related).toHaveLength(10);
    expect(ids(related)).not.toContain(source.id);
    const other = related[0].id;
    const { results: recommended } = await service.recommend({
      positive: [source.id, other],
      negative: [],
      k: 10,
      mode,
    });
    expect(ids(recommended)).not.toContain(source.id);
    expect(ids(recommended)).not.toContain(other);
  });

  it.each(RANK_MODES)('%s: filters hold in every mode', async (mode) => {
    const hits = await service.search('neural networks', {
      k: 10,
      mode,
      filters: { categories: ['cs.CL'] },
    });
    expect(hits).toHaveLength(10);
    for (const hit of hits) {
      expect(index.papers.find((p) => p.id === hit.id)!.categories).toEqual(['cs.CL']);
    }
  });

  it("lexical related papers share the source paper's telling words", async () => {
    const source = paperTitled(/Matryoshka Quantization/);
    const hits = await service.related(source.id, { k: 5, mode: 'lexical' });
    for (const hit of hits) {
      const paper = index.papers.find((p) => p.id === hit.id)!;
      expect(`${paper.title} ${paper.abstract}`).toMatch(/quantiz/i);
    }
  });

  it('a query with no known words finds nothing in any mode', async () => {
    for (const mode of RANK_MODES) {
      expect(await service.search('zzqxv wwkpt', { k: 5, mode })).toEqual([]);
    }
  });
});

describe('explanations', () => {
  it('are absent unless asked for', async () => {
    const [hit] = await service.search('quantization', { k: 1 });
    expect(hit).not.toHaveProperty('explain');
  });

  it('give shared terms, marked title and snippet, and both ranks', async () => {
    const hits = await service.search('quantization of large language models', {
      k: 5,
      mode: 'hybrid',
      explain: true,
    });
    for (const hit of hits) {
      const { explain } = hit;
      expect(explain).toBeDefined();
      expect(explain!.terms.length).toBeGreaterThan(0);
      expect(`${explain!.title} ${explain!.snippet}`).toMatch(/<mark>[^<]+<\/mark>/);
      // Only <mark> tags are markup; the rest is escaped text.
      expect(`${explain!.title}${explain!.snippet}`).not.toMatch(/<(?!\/?mark>)/);
      const { semantic, lexical } = explain!.ranks;
      expect(semantic !== null || lexical !== null).toBe(true);
    }
  });

  it('report the ranks the single-mode rankings give', async () => {
    const text = 'binary neural networks';
    // A semantic request's lexical half is not expanded: compare with lexical mode unexpanded.
    const lexical = ids(
      await service.search(text, { k: FUSION_DEPTH, mode: 'lexical', expand: [] }),
    );
    const semantic = ids(await service.search(text, { k: FUSION_DEPTH, mode: 'semantic' }));
    const hits = await service.search(text, { k: 10, mode: 'semantic', explain: true });
    expect(ids(hits)).toEqual(semantic.slice(0, 10));
    hits.forEach((hit, i) => {
      expect(hit.explain!.ranks.semantic).toBe(i + 1);
      const place = lexical.indexOf(hit.id);
      expect(hit.explain!.ranks.lexical).toBe(place === -1 ? null : place + 1);
    });
  });

  it('explain related papers by the words they share with the source', async () => {
    const source = paperTitled(/Matryoshka Quantization/);
    const [hit] = await service.related(source.id, { k: 1, mode: 'lexical', explain: true });
    expect(hit.explain!.terms).toContain('quantization');
    expect(hit.explain!.ranks.lexical).toBe(1);
  });
});

describe('query expansion', () => {
  const text = 'quantization of large language models';

  it('expands free text with RM3 by default in lexical mode only, not when asked for none', async () => {
    expect(DEFAULT_EXPANSIONS).toEqual({ lexical: ['rm3'], hybrid: [], semantic: [] });
    const hybrid = await service.search(text, { k: 20, mode: 'hybrid', explain: true });
    for (const hit of hybrid) expect(hit.explain).not.toHaveProperty('expanded');
    const byDefault = await service.search(text, { k: 20, mode: 'lexical' });
    const rm3 = await service.search(text, { k: 20, mode: 'lexical', expand: ['rm3'] });
    const plain = await service.search(text, { k: 20, mode: 'lexical', expand: [] });
    expect(ids(byDefault)).toEqual(ids(rm3));
    expect(ids(rm3)).not.toEqual(ids(plain));
  });

  it('explains with the terms feedback added, lighter than the query words', async () => {
    const [hit] = await service.search(text, { k: 1, mode: 'lexical', explain: true });
    const expanded = hit.explain!.expanded!;
    expect(expanded.length).toBeGreaterThan(0);
    for (const term of expanded) {
      expect(term.origin).toEqual({ kind: 'rm3' });
      expect(term.weight).toBeGreaterThan(0);
      expect(term.weight).toBeLessThan(1);
    }
    const [plain] = await service.search(text, { k: 1, explain: true, expand: [] });
    expect(plain.explain).not.toHaveProperty('expanded');
  });

  it('explains with the synonyms it added and the words they stand for', async () => {
    const query = 'making big language models run on small devices';
    const [hit] = await service.search(query, { k: 1, explain: true, expand: ['synonyms'] });
    const expanded = hit.explain!.expanded!;
    expect(expanded.map((t) => t.word)).toContain('large');
    expect(expanded.find((t) => t.word === 'large')!.origin).toEqual({
      kind: 'synonym',
      of: 'big',
    });
  });

  it('leaves related papers unexpanded: a paper is its own feedback', async () => {
    const source = paperTitled(/Matryoshka Quantization/);
    const [hit] = await service.related(source.id, { k: 1, explain: true, expand: ['rm3'] });
    expect(hit.explain).not.toHaveProperty('expanded');
  });
});
