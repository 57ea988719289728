import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/server/errors.js';
import { rateLimiter, requestTimeout, urlLimit } from '../../src/server/limits.js';

function appWith(...middleware: express.RequestHandler[]) {
  const app = express();
  app.use(...middleware);
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/slow', async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    res.json({ late: true });
  });
  app.get('/fast', (_req, res) => void res.json({ fast: true }));
  app.use(errorHandler());
  return app;
}

describe('request limits', () => {
  it('rate limiting: a 429 JSON error past the limit, with Retry-After; probes exempt', async () => {
    const app = appWith(rateLimiter(3, 60_000));
    for (let i = 0; i < 3; i++) await request(app).get('/fast').expect(200);
    const res = await request(app).get('/fast').expect(429);
    expect(res.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // The window is a minute and the first request just opened it: about a minute to wait.
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.headers['ratelimit-policy']).toMatch(/q=3/);
    await request(app).get('/health').expect(200);
  });

  it('a limit of 0 turns rate limiting off', async () => {
    const app = appWith(rateLimiter(0, 60_000));
    for (let i = 0; i < 20; i++) await request(app).get('/fast').expect(200);
  });

  it('an overlong request target is a 414', async () => {
    const app = appWith(urlLimit(300));
    await request(app)
      .get(`/fast?q=${'a'.repeat(200)}`)
      .expect(200);
    const res = await request(app)
      .get(`/fast?q=${'a'.repeat(400)}`)
      .expect(414);
    expect(res.body.error.code).toBe('uri_too_long');
  });

  it('a request not answered in time is a 503 JSON error; the late answer is dropped', async () => {
    const app = appWith(requestTimeout(50));
    const res = await request(app).get('/slow').expect(503);
    expect(res.body).toEqual({ error: { code: 'timeout', message: expect.any(String) } });
    expect(res.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await request(app).get('/fast').expect(200);
  });
});
