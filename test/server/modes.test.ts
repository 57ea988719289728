import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();

type Result = { id: string; explain?: Record<string, unknown> };
const ids = (body: { results: Result[] }) => body.results.map((r) => r.id);
const textOf = (id: string) => {
  const paper = ctx.index.papers.find((p) => p.id === id)!;
  return `${paper.title} ${paper.abstract}`;
};

describe('mode', () => {
  it('defaults to hybrid and is echoed in every response', async () => {
    const search = await request(ctx.app).get('/search?q=quantization&k=3').expect(200);
    expect(search.body.mode).toBe('hybrid');
    const { id } = ctx.index.papers[0];
    const related = await request(ctx.app).get(`/papers/${id}/related?k=3`).expect(200);
    expect(related.body.mode).toBe('hybrid');
    const recommend = await request(ctx.app)
      .post('/recommend')
      .send({ positive: [id] })
      .expect(200);
    expect(recommend.body.mode).toBe('hybrid');
  });

  it('selects the ranking on all three endpoints, GET and POST alike', async () => {
    for (const mode of ['semantic', 'lexical', 'hybrid']) {
      const get = await request(ctx.app).get(`/search?q=Hopfield&k=5&mode=${mode}`).expect(200);
      const post = await request(ctx.app)
        .post('/search')
        .send({ query: 'Hopfield', k: 5, mode })
        .expect(200);
      expect(get.body.mode).toBe(mode);
      expect(ids(post.body)).toEqual(ids(get.body));
      const { id } = ctx.index.papers[1];
      const related = await request(ctx.app).get(`/papers/${id}/related?mode=${mode}`).expect(200);
      expect(related.body).toMatchObject({ mode, k: 10 });
      expect(ids(related.body)).not.toContain(id);
      const recommend = await request(ctx.app)
        .post('/recommend')
        .send({ positive: [id], k: 4, mode })
        .expect(200);
      expect(recommend.body.results).toHaveLength(4);
    }
    const lexical = await request(ctx.app)
      .get('/search?q=Hopfield&mode=lexical&expand=none')
      .expect(200);
    for (const r of lexical.body.results) expect(textOf(r.id)).toMatch(/hopfield/i);
  });

  it('400 for an unknown mode', async () => {
    const get = await request(ctx.app).get('/search?q=x&mode=fuzzy').expect(400);
    expect(get.body.error.code).toBe('invalid_request');
    expect(get.body.error.message).toMatch(/^mode: /);
    await request(ctx.app).post('/search').send({ query: 'x', mode: 'fuzzy' }).expect(400);
    await request(ctx.app).get(`/papers/${ctx.index.papers[0].id}/related?mode=`).expect(400);
    await request(ctx.app)
      .post('/recommend')
      .send({ positive: [ctx.index.papers[0].id], mode: 1 })
      .expect(400);
  });
});

describe('explain', () => {
  it('is off by default', async () => {
    const res = await request(ctx.app).get('/search?q=quantization&k=3').expect(200);
    expect(res.body.results).toHaveLength(3);
    for (const r of res.body.results) expect(r).not.toHaveProperty('explain');
  });

  it('adds shared terms, an HTML-safe highlighted title and snippet, and both ranks', async () => {
    const res = await request(ctx.app)
      .get('/search?q=quantization%20of%20language%20models&k=5&explain=true')
      .expect(200);
    for (const r of res.body.results as Result[]) {
      expect(r.explain).toEqual({
        terms: expect.any(Array),
        title: expect.any(String),
        snippet: expect.any(String),
        ranks: {
          semantic: expect.toBeOneOf([expect.any(Number), null]),
          lexical: expect.toBeOneOf([expect.any(Number), null]),
        },
      });
      const html = `${r.explain!.title}${r.explain!.snippet}`;
      expect(html).not.toMatch(/<(?!\/?mark>)/);
    }
    const withTerms = (res.body.results as Result[]).filter(
      (r) => (r.explain!.terms as string[]).length > 0,
    );
    expect(withTerms.length).toBeGreaterThan(0);
  });

  it('accepts 1/0 and true/false in query strings, booleans in bodies', async () => {
    const { id } = ctx.index.papers[2];
    const one = await request(ctx.app).get(`/papers/${id}/related?k=2&explain=1`).expect(200);
    expect(one.body.results).toHaveLength(2);
    for (const r of one.body.results) expect(r).toHaveProperty('explain');
    const off = await request(ctx.app).get(`/papers/${id}/related?k=2&explain=false`).expect(200);
    expect(off.body.results).toHaveLength(2);
    for (const r of off.body.results) expect(r).not.toHaveProperty('explain');
    const body = await request(ctx.app)
      .post('/recommend')
      .send({ positive: [id], k: 2, explain: true })
      .expect(200);
    expect(body.body.results).toHaveLength(2);
    for (const r of body.body.results) expect(r).toHaveProperty('explain.ranks');
    await request(ctx.app).get('/search?q=x&explain=yes').expect(400);
    await request(ctx.app).post('/search').send({ query: 'x', explain: 'true' }).expect(400);
  });
});

describe('expand', () => {
  const query = 'making big language models run on small devices';

  it('chooses the expansions in query strings and bodies alike', async () => {
    const get = await request(ctx.app)
      .get(`/search?q=${encodeURIComponent(query)}&k=5&explain=true&expand=synonyms`)
      .expect(200);
    const post = await request(ctx.app)
      .post('/search')
      .send({ query, k: 5, explain: true, expand: ['synonyms'] })
      .expect(200);
    expect(ids(post.body)).toEqual(ids(get.body));
    const [first] = get.body.results as Array<{ explain: { expanded: Array<{ word: string }> } }>;
    expect(first.explain.expanded).toContainEqual({
      word: 'large',
      weight: expect.any(Number),
      origin: { kind: 'synonym', of: 'big' },
    });
    const both = await request(ctx.app)
      .get(`/search?q=${encodeURIComponent(query)}&k=5&expand=rm3&expand=synonyms`)
      .expect(200);
    expect(both.body.results).toHaveLength(5);
  });

  it('expands nothing with none or an empty list', async () => {
    const none = await request(ctx.app)
      .get(`/search?q=${encodeURIComponent(query)}&k=3&explain=true&expand=none`)
      .expect(200);
    const empty = await request(ctx.app)
      .post('/search')
      .send({ query, k: 3, explain: true, expand: [] })
      .expect(200);
    expect(ids(empty.body)).toEqual(ids(none.body));
    for (const r of none.body.results as Result[]) expect(r.explain).not.toHaveProperty('expanded');
  });

  it('400 for an unknown expansion, and on endpoints that do not expand', async () => {
    const get = await request(ctx.app).get('/search?q=x&expand=thesaurus').expect(400);
    expect(get.body.error.message).toMatch(/^expand/);
    await request(ctx.app).post('/search').send({ query: 'x', expand: 'rm3' }).expect(400);
    const { id } = ctx.index.papers[0];
    await request(ctx.app).get(`/papers/${id}/related?expand=rm3`).expect(400);
  });
});
