import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentVersion, pointTo } from '../../src/index/embedded/index-root.js';
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

const auth = { Authorization: `Bearer ${API_KEY}` };
const reload = () => request(live.app).post('/admin/reload').set(auth);

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
    expect(res.body).toMatchObject({
      state: 'done',
      previous: 'v000001',
      current: 'v000001',
      changed: false,
      error: null,
    });
  });

  it('switches to the newly published version', async () => {
    await ingest({ indexRoot: index.root, inputs: [SAMPLE_CORPUS] });
    const res = await reload().expect(200);
    expect(res.body).toMatchObject({ previous: 'v000001', current: 'v000002', changed: true });
    expect(res.body.status_url).toBe(`/admin/reload/${res.body.id}`);
    const status = await request(live.app).get(res.body.status_url).set(auth).expect(200);
    expect(status.body).toEqual(res.body);
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

describe('a reload that outlasts its wait', () => {
  /** Holds the holder's queue, as a long switch does, until released. */
  const hold = (app: LiveApp) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    void app.holder.exclusive(() => gate);
    return release;
  };

  const follow = async (app: LiveApp, url: string) => {
    for (;;) {
      const res = await request(app.app).get(url).set(auth).expect(200);
      if (res.body.state !== 'running') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('is accepted (202) with a status URL, never a timeout, and the status tells it succeeded', async () => {
    const quick = await createLiveApp(index.root, { requestTimeoutMs: 200 });
    try {
      const { version } = await ingest({ indexRoot: index.root, inputs: [SAMPLE_CORPUS] });
      const release = hold(quick);
      const res = await request(quick.app).post('/admin/reload').set(auth).expect(202);
      expect(res.headers.location).toBe(res.body.status_url);
      expect(res.body).toMatchObject({ state: 'running', previous: 'v000002', current: null });
      release();
      const done = await follow(quick, res.body.status_url);
      expect(done).toMatchObject({
        id: res.body.id,
        state: 'done',
        current: version,
        changed: true,
      });
      expect(done.finished_at).not.toBeNull();
    } finally {
      await quick.close();
    }
  });

  it('answers 202 at once with wait_ms=0, and reports a failure on its status', async () => {
    const serving = (await currentVersion(index.root)) as string;
    await cp(join(index.root, serving), join(index.root, 'v000009'), { recursive: true });
    await rm(join(index.root, 'v000009', 'papers.sqlite'));
    await writeFile(join(index.root, 'v000009', 'papers.sqlite'), 'garbage, not SQLite');
    await pointTo(index.root, 'v000009');
    const release = hold(live);
    const res = await request(live.app).post('/admin/reload?wait_ms=0').set(auth).expect(202);
    release();
    const failed = await follow(live, res.body.status_url);
    expect(failed).toMatchObject({ state: 'failed', current: null, changed: null });
    expect(failed.error.code).toBe('reload_failed');
    expectOpaque({ error: failed.error });
    await rm(join(index.root, 'v000009'), { recursive: true });
    await pointTo(index.root, serving);
  });

  it('refuses a bad wait or id (400), an unknown id (404), and needs the key', async () => {
    await request(live.app).post('/admin/reload?wait_ms=soon').set(auth).expect(400);
    await request(live.app).post('/admin/reload?wait_ms=600000').set(auth).expect(400);
    await request(live.app).get('/admin/reload/abc').set(auth).expect(400);
    await request(live.app).get('/admin/reload/999999').set(auth).expect(404);
    await request(live.app).get('/admin/reload/1').expect(401);
  });
});
