import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexHolder } from '../../src/serving/index-holder.js';
import { ServiceMetrics } from '../../src/server/metrics.js';
import { ingest } from '../helpers/ingest.js';
import { buildTestIndex, type TestIndex } from '../search/test-index.js';
import { createTestApp } from './test-app.js';

let index: TestIndex;
let holder: IndexHolder;
let app: Awaited<ReturnType<typeof createTestApp>>['app'];

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  ({ app, holder } = await createTestApp(index.root, { metrics: new ServiceMetrics() }));
});

afterAll(async () => {
  await holder?.close();
  await index?.cleanup();
});

/** One sample line: `name{a="x",b="y"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name and at least these labels; undefined if none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match`);
  return found[0]?.value;
}

async function scrape(target = app): Promise<{ text: string; samples: Sample[] }> {
  const res = await request(target).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.text, samples: parse(res.text) };
}

const requests = 'paper_search_http_requests_total';
const latency = 'paper_search_http_request_duration_seconds';

describe('GET /metrics', () => {
  it('counts and times requests per route pattern and status, never per raw URL', async () => {
    const id = index.papers[0].id;
    await request(app).get('/search?q=quantization&k=3').expect(200);
    await request(app).get('/search?q=language%20models&k=3&mode=lexical').expect(200);
    await request(app).get('/search').expect(400);
    await request(app)
      .get(`/papers/${encodeURIComponent(id)}`)
      .expect(200);
    await request(app).get('/papers/no-such-paper').expect(404);
    await request(app).get('/no/such/route/42').expect(404);
    await request(app).get('/').expect(200);

    const { text, samples } = await scrape();
    const count = (route: string, status: string) =>
      valueOf(samples, requests, { method: 'GET', route, status });
    expect(count('/search', '200')).toBe(2);
    expect(count('/search', '400')).toBe(1);
    expect(count('/papers/:id', '200')).toBe(1);
    expect(count('/papers/:id', '404')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(count('static', '200')).toBe(1);

    // Histograms: cumulative buckets ending in +Inf, whose count is the request count.
    const searchOk = { method: 'GET', route: '/search', status: '200' };
    expect(valueOf(samples, `${latency}_count`, searchOk)).toBe(2);
    expect(valueOf(samples, `${latency}_bucket`, { ...searchOk, le: '+Inf' })).toBe(2);
    expect(valueOf(samples, `${latency}_sum`, searchOk)).toBeGreaterThan(0);

    // Raw paths stay out of the labels, so their number cannot grow with the traffic.
    expect(text).not.toContain(id);
    expect(text).not.toContain('no-such-paper');
    expect(text).not.toContain('/no/such/route');
  });

  it('reports query embedding latency and micro-batch sizes', async () => {
    const before = await scrape();
    const batches = (s: Sample[]) => valueOf(s, 'paper_search_embedding_batch_size_count') ?? 0;
    // Lexical mode needs no query vector; the other two embed the query text once each.
    await request(app).get('/search?q=graph%20neural%20networks&mode=semantic').expect(200);
    await request(app).get('/search?q=diffusion%20models&mode=hybrid').expect(200);
    await request(app).get('/search?q=diffusion%20models&mode=lexical').expect(200);

    const after = await scrape();
    expect(batches(after.samples) - batches(before.samples)).toBe(2);
    const embedCount = valueOf(after.samples, 'paper_search_embedding_duration_seconds_count');
    // One latency per batch, the loader's warm-up query included.
    expect(embedCount).toBe(batches(after.samples));
    expect(valueOf(after.samples, 'paper_search_embedding_duration_seconds_sum')).toBeGreaterThan(
      0,
    );
    // Requests one after another are embedded alone.
    expect(valueOf(after.samples, 'paper_search_embedding_batch_size_sum')).toBe(embedCount);
    expect(valueOf(after.samples, 'paper_search_embedding_batch_size_bucket', { le: '1' })).toBe(
      embedCount,
    );
  });

  it('reports the served index: size and version, following a reload', async () => {
    const first = (await scrape()).samples;
    expect(valueOf(first, 'paper_search_index_papers')).toBe(index.papers.length);
    expect(valueOf(first, 'paper_search_index_info', { version: 'v000001' })).toBe(1);
    expect(first.find((s) => s.name === 'paper_search_index_info')?.labels.embedder).toMatch(
      /^lexical/,
    );

    // A new version published and swapped in; the old version's series goes away.
    await ingest({ indexRoot: index.root });
    await holder.load();
    const reloaded = (await scrape()).samples;
    expect(valueOf(reloaded, 'paper_search_index_info', { version: 'v000002' })).toBe(1);
    expect(valueOf(reloaded, 'paper_search_index_info', { version: 'v000001' })).toBeUndefined();
    expect(valueOf(reloaded, 'paper_search_index_papers')).toBe(index.papers.length);
  });

  it('includes the process and Node.js default metrics', async () => {
    const { samples } = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'paper_search_process_cpu_user_seconds_total',
      'paper_search_process_resident_memory_bytes',
      'paper_search_nodejs_heap_size_used_bytes',
      'paper_search_nodejs_eventloop_lag_seconds',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('keeps a registry per app: another app counts only its own requests', async () => {
    const mine = async () =>
      valueOf((await scrape()).samples, requests, { route: '/search', status: '200' });
    const mineBefore = await mine();
    const other = await createTestApp(index.root);
    try {
      await request(other.app).get('/search?q=quantization').expect(200);
      const { samples } = await scrape(other.app);
      expect(valueOf(samples, requests, { route: '/search', status: '200' })).toBe(1);
      expect(valueOf(samples, requests, { route: 'static' })).toBeUndefined();
      // The first app's counts are untouched by the second app's traffic.
      expect(await mine()).toBe(mineBefore);
    } finally {
      await other.holder.close();
    }
  });
});
