import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();

const ids = (body: { results: Array<{ id: string }> }) => body.results.map((r) => r.id);

describe('POST /recommend', () => {
  it('recommends k papers, excluding the inputs, sorted by score', async () => {
    const [a, b, c] = ctx.index.papers;
    const res = await request(ctx.app)
      .post('/recommend')
      .send({ positive: [a.id, b.id], negative: [c.id], k: 7 })
      .expect(200);
    expect(res.body).toMatchObject({
      positive: [a.id, b.id],
      negative: [c.id],
      k: 7,
      took_ms: expect.any(Number),
      embedder: expect.stringMatching(/^lexical/),
      index_version: 'v000001',
    });
    expect(res.body.results).toHaveLength(7);
    for (const id of [a.id, b.id, c.id]) expect(ids(res.body)).not.toContain(id);
    const scores = res.body.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((x: number, y: number) => y - x));
  });

  it('a negative moves the results away from it', async () => {
    const positive = ctx.index.papers.find((p) => /quantiz/i.test(p.title))!;
    const recommend = (body: object) => request(ctx.app).post('/recommend').send(body).expect(200);
    const plain = await recommend({ positive: [positive.id], k: 10 });
    const [negative] = ids(plain.body);
    const away = await recommend({ positive: [positive.id], negative: [negative], k: 10 });
    expect(ids(away.body)).not.toContain(negative);

    // Similarity to the negative: its own top 100 neighbours, the 100th score for the rest.
    const related = await request(ctx.app).get(`/papers/${negative}/related?k=100`).expect(200);
    const toNegative = new Map<string, number>(
      related.body.results.map((r: { id: string; score: number }) => [r.id, r.score]),
    );
    const floor = Math.min(...toNegative.values());
    const meanToNegative = (list: string[]) =>
      list.reduce((sum, id) => sum + (toNegative.get(id) ?? floor), 0) / list.length;
    expect(meanToNegative(ids(away.body))).toBeLessThan(
      meanToNegative(ids(plain.body).filter((id) => id !== negative)),
    );
  });

  it('applies filters', async () => {
    const res = await request(ctx.app)
      .post('/recommend')
      .send({ positive: [ctx.index.papers[0].id], k: 10, filters: { year_from: 2023 } })
      .expect(200);
    expect(res.body.results).toHaveLength(10);
    for (const r of res.body.results) expect(r.published >= '2023').toBe(true);
  });

  it('404 naming every unknown id', async () => {
    const res = await request(ctx.app)
      .post('/recommend')
      .send({ positive: [ctx.index.papers[0].id, 'ghost-1'], negative: ['ghost-2'] })
      .expect(404);
    expect(res.body.error).toEqual({
      code: 'not_found',
      message: 'no papers with ids "ghost-1", "ghost-2"',
    });
  });

  it('400 for nothing to recommend from, listing what was not used', async () => {
    for (const body of [{}, { positive: [] }, { library: [] }]) {
      const res = await request(ctx.app).post('/recommend').send(body).expect(400);
      expect(res.body.error).toEqual({
        code: 'empty_library',
        message: 'the library is empty: send at least one reference or positive paper id',
        unmatched: [],
      });
    }
  });

  it('400 for an id on both sides, k out of range, or too many ids', async () => {
    const id = ctx.index.papers[0].id;
    const bad = [
      { positive: id },
      { positive: [id], negative: [id] },
      { positive: [id], k: 0 },
      { positive: [id], k: 101 },
      { positive: Array.from({ length: 101 }, (_, i) => `p${i}`) },
    ];
    for (const body of bad) {
      const res = await request(ctx.app).post('/recommend').send(body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});
