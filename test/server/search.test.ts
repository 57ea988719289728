import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();

const textOf = (id: string) => {
  const paper = ctx.index.papers.find((p) => p.id === id)!;
  return `${paper.title} ${paper.abstract}`;
};

describe('GET /search', () => {
  it('finds papers about the query term, best first, with the envelope', async () => {
    const res = await request(ctx.app).get('/search?q=quantization&k=5').expect(200);
    expect(res.body).toMatchObject({
      query: 'quantization',
      k: 5,
      took_ms: expect.any(Number),
      embedder: expect.stringMatching(/^lexical/),
      index_version: 'v000001',
    });
    expect(res.body.results).toHaveLength(5);
    for (const r of res.body.results) expect(textOf(r.id)).toMatch(/quantiz/i);
  });

  it('a year filter returns only matching papers, k of them', async () => {
    const res = await request(ctx.app)
      .get('/search?q=neural%20networks&k=15&year_from=2022&year_to=2024')
      .expect(200);
    expect(res.body.results).toHaveLength(15);
    for (const r of res.body.results)
      expect(Number(r.published.slice(0, 4))).toBeGreaterThanOrEqual(2022);
  });

  it('400 for an empty, blank, missing or over-long query', async () => {
    for (const q of ['', '%20%20', 'x'.repeat(MAX_QUERY_CHARS + 1)]) {
      const res = await request(ctx.app).get(`/search?q=${q}`).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(/^q: /);
    }
    await request(ctx.app).get('/search').expect(400);
    await request(ctx.app)
      .get(`/search?q=${'x'.repeat(MAX_QUERY_CHARS)}`)
      .expect(200);
  });

  it('400 for k out of range and for a repeated q', async () => {
    await request(ctx.app).get('/search?q=graphs&k=0').expect(400);
    await request(ctx.app).get('/search?q=graphs&k=101').expect(400);
    await request(ctx.app).get('/search?q=graphs&k=100').expect(200);
    await request(ctx.app).get('/search?q=a&q=b').expect(400);
  });
});

describe('POST /search', () => {
  it('takes {query, k, filters} and answers like GET', async () => {
    const res = await request(ctx.app)
      .post('/search')
      .send({ query: 'quantization', k: 5 })
      .expect(200);
    const get = await request(ctx.app).get('/search?q=quantization&k=5').expect(200);
    expect(res.body.results).toEqual(get.body.results);

    const filtered = await request(ctx.app)
      .post('/search')
      .send({ query: 'language models', k: 10, filters: { year_from: 2023, year_to: 2024 } })
      .expect(200);
    expect(filtered.body.results).toHaveLength(10);
    for (const r of filtered.body.results) expect(r.published.slice(0, 4)).toMatch(/^202[34]$/);
  });

  it('400 for bad bodies: empty query, k out of range or not an integer, unknown fields', async () => {
    const bad = [
      { query: '' },
      { query: '   ' },
      { query: 'x'.repeat(MAX_QUERY_CHARS + 1) },
      { query: 'graphs', k: 0 },
      { query: 'graphs', k: 101 },
      { query: 'graphs', k: '5' },
      { query: 'graphs', filter: { year_from: 2020 } },
      { query: 'graphs', filters: { year_from: 'recent' } },
      { query: 42 },
      {},
      [],
    ];
    for (const body of bad) {
      const res = await request(ctx.app).post('/search').send(body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});
