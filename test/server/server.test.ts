import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { buildTestIndex, silentLog, type TestIndex } from '../search/test-index.js';
import { createTestApp } from './test-app.js';

let index: TestIndex;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
});

afterAll(async () => {
  await index?.cleanup();
});

async function start(): Promise<
  RunningServer & { holder: Awaited<ReturnType<typeof createTestApp>>['holder'] }
> {
  const { app, holder } = await createTestApp(index.root);
  const running = await startServer({
    app,
    holder,
    host: '127.0.0.1',
    port: 0,
    log: silentLog,
    graceMs: 5000,
  });
  return { ...running, holder };
}

/** A POST whose body is sent in two halves, so the test decides when it completes. */
function slowPost(port: number, body: string) {
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/search',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  return { finish: () => req.end(body.slice(5)), response };
}

describe('server', () => {
  it('listens and answers over a real socket', async () => {
    const running = await start();
    const res = await fetch(`http://127.0.0.1:${running.address.port}/search?q=quantization&k=3`);
    expect(res.status).toBe(200);
    expect((await res.json()).results).toHaveLength(3);
    await running.shutdown('test');
  });

  it('on shutdown: stops accepting, finishes the request in flight, then closes the index', async () => {
    const running = await start();
    const { port } = running.address;
    const received = new Promise((resolve) => running.server.once('request', resolve));
    const slow = slowPost(port, JSON.stringify({ query: 'graph neural networks', k: 4 }));
    await received;

    const stopped = running.shutdown('SIGTERM');
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toBe(false);
    expect(running.holder.loaded).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();

    slow.finish();
    const res = await slow.response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).results).toHaveLength(4);
    await stopped;
    expect(running.holder.loaded).toBeNull();
    expect(running.server.listening).toBe(false);
  });

  it('idle keep-alive connections do not hold shutdown open', async () => {
    const running = await start();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      httpRequest(
        { host: '127.0.0.1', port: running.address.port, path: '/health', agent },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      )
        .on('error', reject)
        .end(),
    );
    const started = performance.now();
    await running.shutdown('test');
    expect(performance.now() - started).toBeLessThan(1000);
    agent.destroy();
  });

  it('shutdown is idempotent', async () => {
    const running = await start();
    await Promise.all([running.shutdown('a'), running.shutdown('b')]);
    expect(running.server.listening).toBe(false);
  });
});
