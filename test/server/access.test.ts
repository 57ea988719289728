import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import { API_KEY, createLiveApp, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, silentLog, type TestIndex } from '../search/test-index.js';

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

/** The same loaded index behind another policy. */
const appWith = (access: Parameters<typeof accessPolicy>[0]) =>
  createApp({
    holder: live.holder,
    log: silentLog,
    limits: { maxQueryChars: 1000 },
    access: accessPolicy({ keys: new ApiKeys([API_KEY]), ...access }),
  });

describe('security headers', () => {
  it('a content security policy that lets the page load its own script and styles only', async () => {
    const res = await request(live.app).get('/health').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('CORS', () => {
  it('sends no CORS headers unless origins are configured', async () => {
    const res = await request(live.app).get('/health').set('Origin', 'https://elsewhere.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the listed origins only, with Authorization in preflights', async () => {
    const app = appWith({ corsOrigins: ['https://papers.example'] });
    const ok = await request(app).get('/health').set('Origin', 'https://papers.example');
    expect(ok.headers['access-control-allow-origin']).toBe('https://papers.example');
    const other = await request(app).get('/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app)
      .options('/papers')
      .set('Origin', 'https://papers.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });
});

describe('keyed reads', () => {
  it('with PROTECT_READS, reads need the key while probes stay open', async () => {
    const app = appWith({ protectReads: true });
    await request(app).get('/health').expect(200);
    await request(app).get('/ready').expect(200);
    for (const path of ['/search?q=graph', `/papers/${index.papers[0].id}`, '/stats'])
      await request(app).get(path).expect(401);
    await request(app)
      .post('/recommend')
      .send({ positive: [index.papers[0].id] })
      .expect(401);
    await request(app).get('/search?q=graph').set('Authorization', `Bearer ${API_KEY}`).expect(200);
  });

  it('without any configured key, write and admin endpoints are closed (403)', async () => {
    const app = appWith({ keys: new ApiKeys([]) });
    const res = await request(app)
      .post('/admin/reload')
      .set('Authorization', 'Bearer x')
      .expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await request(app).delete(`/papers/${index.papers[0].id}`).expect(403);
  });
});

describe('rate limiting in the app', () => {
  it('limits each client, before authentication', async () => {
    const app = appWith({ rateLimit: 4 });
    for (let i = 0; i < 4; i++) await request(app).post('/admin/reload').expect(401);
    const res = await request(app).get('/search?q=graph').expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    await request(app).get('/health').expect(200);
  });
});
