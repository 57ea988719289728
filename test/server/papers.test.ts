import request from 'supertest';
import { paperRecord } from '../../src/corpus/paper.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexHolder } from '../../src/serving/index-holder.js';
import { buildTestIndex, type TestIndex } from '../search/test-index.js';
import { createTestApp } from './test-app.js';

let index: TestIndex;
let holder: IndexHolder;
let app: Awaited<ReturnType<typeof createTestApp>>['app'];

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical', facets: true });
  ({ app, holder } = await createTestApp(index.root));
});

afterAll(async () => {
  await holder?.close();
  await index?.cleanup();
});

const envelope = {
  took_ms: expect.any(Number),
  embedder: expect.stringMatching(/^lexical/),
  index_version: 'v000001',
};

describe('GET /papers/:id', () => {
  it('returns the stored record with timing, embedder and version', async () => {
    const paper = index.papers[7];
    const res = await request(app).get(`/papers/${paper.id}`).expect(200);
    expect(res.body).toEqual({ paper: paperRecord(paper), ...envelope });
  });

  it('404 for an unknown id', async () => {
    const res = await request(app).get('/papers/no-such-paper').expect(404);
    expect(res.body).toEqual({
      error: { code: 'not_found', message: 'no paper with id "no-such-paper"' },
    });
  });
});

describe('GET /papers/:id/related', () => {
  it('k neighbours, sorted by score, never the paper itself, default k 10', async () => {
    const paper = index.papers[11];
    const res = await request(app).get(`/papers/${paper.id}/related`).expect(200);
    expect(res.body).toMatchObject({ id: paper.id, k: 10, ...envelope });
    const { results } = res.body as { results: Array<{ id: string; score: number }> };
    expect(results).toHaveLength(10);
    expect(results.map((r) => r.id)).not.toContain(paper.id);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Object.keys(results[0]).sort()).toEqual(
      [
        ...['arxiv_id', 'authors', 'categories', 'doi', 'id', 'keywords', 'published', 'score'],
        ...['snippet', 'title', 'url', 'venue'],
      ].sort(),
    );
  });

  it('applies year, category (comma list or repeated) and author filters', async () => {
    const paper = index.papers[0];
    const byYear = await request(app)
      .get(`/papers/${paper.id}/related?k=12&year_from=2023&year_to=2024`)
      .expect(200);
    expect(byYear.body.results).toHaveLength(12);
    for (const r of byYear.body.results) expect(r.published.slice(0, 4)).toMatch(/^202[34]$/);

    const comma = await request(app)
      .get(`/papers/${paper.id}/related?k=20&category=cs.CV,stat.ML`)
      .expect(200);
    const repeated = await request(app)
      .get(`/papers/${paper.id}/related?k=20&category=cs.CV&category=stat.ML`)
      .expect(200);
    expect(comma.body.results).toHaveLength(20);
    expect(repeated.body.results).toEqual(comma.body.results);
    const categoriesOf = (id: string) => index.papers.find((p) => p.id === id)!.categories;
    for (const r of comma.body.results)
      expect(['cs.CV', 'stat.ML']).toContain(categoriesOf(r.id)[0]);

    const byAuthor = await request(app)
      .get(`/papers/${paper.id}/related?k=5&author=author%20number3`)
      .expect(200);
    expect(byAuthor.body.results).toHaveLength(5);
    for (const r of byAuthor.body.results) expect(r.authors).toContain('Author Number3');
  });

  it('404 for an unknown id, 400 for k out of range or an unknown parameter', async () => {
    await request(app).get('/papers/nope/related').expect(404);
    const id = index.papers[0].id;
    for (const k of ['0', '101', '2.5', 'ten', '']) {
      const res = await request(app).get(`/papers/${id}/related?k=${k}`).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(/^k: /);
    }
    const typo = await request(app).get(`/papers/${id}/related?year-from=2020`).expect(400);
    expect(typo.body.error.message).toMatch(/year-from/);
    const reversed = await request(app)
      .get(`/papers/${id}/related?year_from=2024&year_to=2020`)
      .expect(400);
    expect(reversed.body.error.message).toMatch(/year_from/);
  });
});

describe('GET /papers/:id/graph', () => {
  it('the map of a paper named by its DOI, slashes as they are; size bounded', async () => {
    const paper = index.papers.find((p) => p.doi?.includes('/'))!;
    const res = await request(app).get(`/papers/doi:${paper.doi}/graph?size=15`).expect(200);
    expect(res.body).toMatchObject({ id: `doi:${paper.doi}`, size: 15 });
    expect(res.body.nodes).toHaveLength(15);
    expect(res.body.nodes[0]).toMatchObject({ id: paper.id, ring: 0, similarity: 1 });
    const fresh = await request(app).get(`/papers/${paper.id}/graph`).expect(200);
    expect(fresh.body.nodes).toHaveLength(30);
    for (const size of ['1', '101', 'x']) {
      const bad = await request(app).get(`/papers/${paper.id}/graph?size=${size}`).expect(400);
      expect(bad.body.error.message).toMatch(/^size: /);
    }
  });
});
