import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import {
  buildTestIndex,
  openTestIndex,
  silentLog,
  testBackend,
  type TestIndex,
} from '../search/test-index.js';

let index: TestIndex;
let holder: IndexHolder;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  holder = new IndexHolder(await testBackend(index.root), () => openTestIndex(index.root));
  app = createApp({ holder, log: silentLog, limits: { maxQueryChars: 1000 } });
});

afterAll(async () => {
  await holder?.close();
  await index?.cleanup();
});

describe('health, readiness and stats', () => {
  it('before the index is loaded: alive, not ready, searches answer 503', async () => {
    await request(app).get('/health').expect(200, { status: 'ok' });
    const ready = await request(app).get('/ready').expect(503);
    expect(ready.body.error.code).toBe('not_ready');
    expect(ready.headers['retry-after']).toBe('1');
    const search = await request(app).get('/search?q=graphs').expect(503);
    expect(search.body).toEqual({ error: { code: 'not_ready', message: expect.any(String) } });
  });

  it('once loaded and warmed: ready with the version', async () => {
    await holder.load();
    await request(app).get('/ready').expect(200, { status: 'ready', index_version: 'v000001' });
  });

  it('stats: count, embedder, dims, search mode and HNSW params, build time, version', async () => {
    const res = await request(app).get('/stats').expect(200);
    expect(res.body).toMatchObject({
      index_version: 'v000001',
      count: index.papers.length,
      built_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      build_seconds: expect.any(Number),
      embedder: {
        id: expect.stringMatching(/^lexical/),
        kind: 'lexical',
        model: null,
        dims: expect.any(Number),
        fingerprint: expect.any(String),
      },
      search: {
        mode: 'hnsw',
        hnsw: { m: 16, ef_construction: 200, ef_search: 64 },
        filter_scan_below: 2000,
      },
      corpus: { files: ['papers.jsonl'], checksum: expect.any(String) },
      harvest: {},
      took_ms: expect.any(Number),
    });
  });

  it("stats: the fusion weight the index fitted at ingest, with the fit's evidence", async () => {
    const { fusion } = (await request(app).get('/stats').expect(200)).body;
    expect(fusion).toMatchObject({ method: 'absolute', source: 'fitted' });
    const { calibration } = fusion;
    expect(calibration.pool).toBe(index.papers.length);
    expect(calibration.pseudo_queries.title).toBe(Math.min(200, index.papers.length));
    expect(calibration.grid).toHaveLength(21);
    // The weight in use is one the grid tried, within one standard error of the best there.
    const best = Math.max(...calibration.grid.map((g: { ndcg10: number }) => g.ndcg10));
    const chosen = calibration.grid.find(
      (g: { semantic_weight: number }) => g.semantic_weight === fusion.semantic_weight,
    );
    expect(chosen.ndcg10).toBeGreaterThanOrEqual(best - calibration.standard_error - 1e-4);
  });

  it('tags every response with a request id, keeping a sane one the caller sent', async () => {
    const generated = await request(app).get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app).get('/health').set('x-request-id', 'trace-42');
    expect(kept.headers['x-request-id']).toBe('trace-42');
    for (const bad of ['has spaces', 'x'.repeat(200)]) {
      const replaced = await request(app).get('/health').set('x-request-id', bad);
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
