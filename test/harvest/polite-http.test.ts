import { afterEach, describe, expect, it } from 'vitest';
import { PoliteClient, retryAfterMs, type PoliteOptions } from '../../src/harvest/polite-http.js';
import { replayServer, type Reply, type ReplayServer } from './replay-server.js';

const servers: ReplayServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(replies: Reply[]): Promise<ReplayServer> {
  const server = await replayServer((_url, index) => replies[Math.min(index, replies.length - 1)]);
  servers.push(server);
  return server;
}

function client(waits: Array<[number, string]>, options: Partial<PoliteOptions> = {}) {
  return new PoliteClient({
    delayMs: 0,
    retries: 3,
    backoffMs: 5,
    maxRetryAfterMs: 2000,
    onWait: (ms, reason) => waits.push([ms, reason]),
    ...options,
  });
}

describe('PoliteClient', () => {
  it('waits as a 503 Retry-After says, then reads the page', async () => {
    const server = await serve([
      { status: 503, headers: { 'retry-after': '1' }, body: 'Retry after 1 second' },
      { body: '<ok/>' },
    ]);
    const waits: Array<[number, string]> = [];
    const startedAt = Date.now();
    expect(await client(waits).getText(`${server.url}/oai`)).toBe('<ok/>');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
    expect(waits).toEqual([[1000, 'HTTP 503']]);
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially on transient failures without Retry-After', async () => {
    const server = await serve([
      { status: 500, body: 'oops' },
      { status: 502, body: 'oops' },
      { body: 'fine' },
    ]);
    const waits: Array<[number, string]> = [];
    expect(await client(waits).getText(`${server.url}/x`)).toBe('fine');
    expect(waits).toEqual([
      [5, 'HTTP 500'],
      [10, 'HTTP 502'],
    ]);
  });

  it('gives up after its retries, and at once on a status that will not change', async () => {
    const failing = await serve([{ status: 503, body: 'busy' }]);
    await expect(client([], { retries: 1 }).getText(`${failing.url}/a`)).rejects.toThrow(
      /HTTP 503; gave up after 2 tries/,
    );
    const missing = await serve([{ status: 404, body: 'no' }]);
    await expect(client([]).getText(`${missing.url}/b?mailto=me@example.org`)).rejects.toThrow(
      /\/b\?mailto=%E2%80%A6: HTTP 404$/,
    );
    expect(missing.requests).toHaveLength(1);
  });

  it('refuses a Retry-After longer than allowed instead of hanging', async () => {
    const server = await serve([{ status: 503, headers: { 'retry-after': '3600' }, body: '' }]);
    await expect(client([]).getText(`${server.url}/c`)).rejects.toThrow(/asked to wait 3600 s/);
  });

  it('spaces requests by the delay', async () => {
    const server = await serve([{ body: 'a' }]);
    const waits: Array<[number, string]> = [];
    const polite = client(waits, { delayMs: 200 });
    await polite.getText(`${server.url}/1`);
    await polite.getText(`${server.url}/2`);
    expect(waits).toHaveLength(1);
    expect(waits[0][1]).toBe('delay between requests');
    expect(waits[0][0]).toBeGreaterThan(100);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('20', now)).toBe(20_000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
