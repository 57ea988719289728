import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointTo } from '../../src/index/embedded/index-root.js';
import { ingest } from '../helpers/ingest.js';
import { API_KEY, createLiveApp, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, SAMPLE_CORPUS, type TestIndex } from '../search/test-index.js';

let index: TestIndex;
let live: LiveApp;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical', exactBelow: 5000 });
  live = await createLiveApp(index.root);
});

afterAll(async () => {
  await live?.close();
  await index?.cleanup();
});

const reload = () =>
  request(live.app).post('/admin/reload').set('Authorization', `Bearer ${API_KEY}`);

/** No stack, no file path, no SQLite message: only the code and a plain sentence. */
function expectOpaque(body: { error: { message: string } }): void {
  expect(JSON.stringify(body)).not.toMatch(/\/|\\|sqlite|database|\bat\s|\.ts\b|\.js\b/i);
}

describe('POST /admin/reload', () => {
  it('needs the API key', async () => {
    await request(live.app).post('/admin/reload').expect(401);
    await request(live.app).post('/admin/reload').set('Authorization', 'Bearer nope').expect(401);
  });

  it('answers unchanged while nothing new is published', async () => {
    const res = await reload().expect(200);
    expect(res.body).toEqual({ previous: 'v000001', current: 'v000001', changed: false });
  });

  it('switches to the newly published version', async () => {
    await ingest({ indexRoot: index.root, inputs: [SAMPLE_CORPUS] });
    const res = await reload().expect(200);
    expect(res.body).toEqual({ previous: 'v000001', current: 'v000002', changed: true });
    const ready = await request(live.app).get('/ready').expect(200);
    expect(ready.body.index_version).toBe('v000002');
  });

  it('keeps serving when the new version does not load: 500 reload_failed, cause only in the log', async () => {
    await cp(join(index.root, 'v000002'), join(index.root, 'v000003'), { recursive: true });
    await writeFile(join(index.root, 'v000003', 'papers.sqlite'), 'garbage, not SQLite');
    await pointTo(index.root, 'v000003');
    const res = await reload().expect(500);
    expect(res.body.error).toEqual({
      code: 'reload_failed',
      message: 'the published version failed to load; still serving v000002',
    });
    expectOpaque(res.body);
    const search = await request(live.app).get('/search?q=graph&k=2').expect(200);
    expect(search.body.index_version).toBe('v000002');
  });

  it('409 when nothing is published any more', async () => {
    await rm(join(index.root, 'CURRENT'));
    const res = await reload().expect(409);
    expect(res.body.error.code).toBe('nothing_published');
    expectOpaque(res.body);
    await pointTo(index.root, 'v000002');
    expect((await reload().expect(200)).body.changed).toBe(false);
  });
});
