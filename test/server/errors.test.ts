import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, useLexicalApp } from './test-app.js';

const ctx = useLexicalApp();

/** Error bodies are exactly {error: {code, message}}, with nothing from the inside. */
function expectCleanError(body: unknown, code: string): void {
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\/|\.ts\b|\.js:\d/);
}

describe('error responses', () => {
  it.each(['/search', '/recommend'])('%s: malformed JSON is a 400', async (path) => {
    const res = await request(ctx.app)
      .post(path)
      .set('content-type', 'application/json')
      .send('{"query": "graphs",')
      .expect(400);
    expectCleanError(res.body, 'malformed_json');
  });

  it.each([
    ['null', 'received null'],
    ['3', 'received number'],
    ['"graphs"', 'received string'],
    ['true', 'received boolean'],
    ['[]', 'received array'],
    ['[{"query": "graphs"}]', 'received array'],
  ])('valid JSON that is not an object (%s) fails validation, not parsing', async (body, says) => {
    for (const path of ['/search', '/recommend']) {
      const res = await request(ctx.app)
        .post(path)
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expectCleanError(res.body, 'invalid_request');
      expect(res.body.error.message).toContain(says);
    }
  });

  it.each([
    ['text/plain', 'query=graphs'],
    ['application/x-www-form-urlencoded', 'query=graphs'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('a %s body is a 415', async (type, body) => {
    const res = await request(ctx.app)
      .post('/search')
      .set('content-type', type)
      .send(body)
      .expect(415);
    expectCleanError(res.body, 'unsupported_media_type');
  });

  it('a POST without any body or content type is a 415', async () => {
    const res = await request(ctx.app).post('/recommend').expect(415);
    expectCleanError(res.body, 'unsupported_media_type');
  });

  it('JSON with a charset parameter is accepted; a non-UTF charset is a 415', async () => {
    await request(ctx.app)
      .post('/search')
      .set('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ query: 'graphs' }))
      .expect(200);
    const res = await request(ctx.app)
      .post('/search')
      .set('content-type', 'application/json; charset=latin1')
      .send(JSON.stringify({ query: 'graphs' }))
      .expect(415);
    expectCleanError(res.body, 'unsupported_media_type');
  });

  it('a body over the limit (64 KiB by default) is a 413 that names it', async () => {
    const res = await request(ctx.app)
      .post('/search')
      .send({ query: 'x'.repeat(70 * 1024) })
      .expect(413);
    expectCleanError(res.body, 'payload_too_large');
    expect(res.body.error.message).toBe('request body is larger than 64 KiB');
    // Just under the limit is read and then judged on its content.
    const under = await request(ctx.app)
      .post('/recommend')
      .send({ positive: ['x'.repeat(500)], negative: [], pad: 'y'.repeat(60 * 1024) })
      .expect(400);
    expectCleanError(under.body, 'invalid_request');
  });

  it.each([
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['GET', '/papers/x/related/more'],
    ['POST', '/'],
  ])('%s %s is a 404', async (method, path) => {
    const res = await request(ctx.app)[method.toLowerCase() as 'get'](path).expect(404);
    expectCleanError(res.body, 'not_found');
  });

  it.each([
    ['GET', '/papers', 'POST'],
    ['GET', '/papers/', 'POST'],
    ['DELETE', '/search', 'GET, HEAD, POST'],
    ['PUT', '/recommend', 'POST'],
    ['PATCH', '/papers/some-id', 'DELETE, GET, HEAD'],
    ['POST', '/papers/some-id/related', 'GET, HEAD'],
    ['GET', '/admin/reload', 'POST'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['HEAD', '/recommend', 'POST'],
  ])('%s %s is a 405 allowing %s', async (method, path, allow) => {
    const res = await request(ctx.app)[method.toLowerCase() as 'get'](path).expect(405);
    expect(res.headers.allow).toBe(allow);
    if (method !== 'HEAD') {
      expectCleanError(res.body, 'method_not_allowed');
      expect(res.body.error.message).toContain(allow);
    }
  });

  it('HEAD answers wherever GET does', async () => {
    await request(ctx.app).head('/health').expect(200);
    await request(ctx.app).head('/search?q=graphs').expect(200);
    await request(ctx.app)
      .head(`/papers/${encodeURIComponent(ctx.index.papers[0].id)}`)
      .expect(200);
    await request(ctx.app).head('/nope').expect(404);
  });

  it('an undecodable path escape is a 400, not a 500', async () => {
    const res = await request(ctx.app).get('/papers/%E0%A4%A/related').expect(400);
    expectCleanError(res.body, 'bad_request');
  });

  it('a genuine internal failure is a bare 500 with no details', async () => {
    const { app: broken, holder: brokenHolder } = await createTestApp(ctx.index.root);
    await brokenHolder.loaded!.close(); // closes the store under the service
    const res = await request(broken).get(`/papers/${ctx.index.papers[0].id}`).expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal server error' } });
  });
});
