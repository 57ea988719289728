import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IndexHolder } from '../../src/serving/index-holder.js';
import { buildTestIndex, type TestIndex } from '../search/test-index.js';
import { createTestApp } from './test-app.js';

/** The API over an index built with the generated tiny transformer model. */
let index: TestIndex;
let holder: IndexHolder;
let app: Awaited<ReturnType<typeof createTestApp>>['app'];
const modelsDir = inject('tinyModelRoot');
const model = inject('tinyModelId');

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'transformer', modelsDir, model });
  ({ app, holder } = await createTestApp(index.root, { modelsDir }));
});

afterAll(async () => {
  await holder?.close();
  await index?.cleanup();
});

describe('API over a transformer index', () => {
  it('stats name the transformer model and its dimensions', async () => {
    const res = await request(app).get('/stats').expect(200);
    expect(res.body.embedder).toMatchObject({
      id: `transformer:${model}:fp32`,
      kind: 'transformer',
      model,
      dims: 64,
    });
    expect(res.body.count).toBe(index.papers.length);
  });

  it('free-text search embeds the query with the same model', async () => {
    const paper = index.papers.find((p) => /quantiz/i.test(p.title))!;
    const res = await request(app).get('/search').query({ q: paper.title, k: 5 }).expect(200);
    expect(res.body.embedder).toBe(`transformer:${model}:fp32`);
    expect(res.body.results).toHaveLength(5);
    expect(res.body.results.map((r: { id: string }) => r.id)).toContain(paper.id);
  });

  it('related and recommend work on stored vectors, excluding their inputs', async () => {
    const [a, b] = index.papers;
    const related = await request(app).get(`/papers/${a.id}/related?k=8`).expect(200);
    expect(related.body.results).toHaveLength(8);
    expect(related.body.results.map((r: { id: string }) => r.id)).not.toContain(a.id);
    const recommended = await request(app)
      .post('/recommend')
      .send({ positive: [a.id], negative: [b.id], k: 8 })
      .expect(200);
    const ids = recommended.body.results.map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(8);
    expect(ids).not.toContain(a.id);
    expect(ids).not.toContain(b.id);
  });

  it('a library reference the index lacks is embedded with the same model, as a document', async () => {
    const paper = index.papers[7];
    // The paper's own title and abstract under another title's key: not found, so embedded.
    const res = await request(app)
      .post('/recommend')
      .send({ library: [{ title: `${paper.title} (preprint)`, abstract: paper.abstract }], k: 5 })
      .expect(200);
    expect(res.body.library).toEqual([
      {
        index: 0,
        matched_by: 'embedded',
        id: null,
        title: `${paper.title} (preprint)`,
        abstract: paper.abstract,
      },
    ]);
    // Embedded as a document, it lands next to the stored paper it copies.
    const top = res.body.results[0];
    expect(top.id).toBe(paper.id);
    expect(top.closest[0].score).toBeGreaterThan(0.95);
  });

  it('concurrent searches all succeed through the micro-batcher', async () => {
    const queries = ['quantization', 'graph neural networks', 'language models', 'optimization'];
    const responses = await Promise.all(
      queries.flatMap((q) => [1, 2, 3].map(() => request(app).get('/search').query({ q, k: 3 }))),
    );
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(3);
    }
  });
});
