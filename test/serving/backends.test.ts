import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord, type Paper } from '../../src/corpus/paper.js';
import type { Backend } from '../../src/index/backend.js';
import { openBackend } from '../../src/index/backends.js';
import { accessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { PaperWriter } from '../../src/serving/paper-writer.js';
import { ingest } from '../helpers/ingest.js';
import { API_KEY, liveLoader } from '../helpers/live-index.js';
import { startTestPostgres, uniqueIndexName, type TestPostgres } from '../helpers/postgres.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { AUTHORS, CATEGORIES, readSample, silentLog } from '../search/test-index.js';

/**
 * The service end to end (HTTP app, serving layer, search, storage) over each backend, from
 * one suite: whatever engine holds the index, a user sees the same behaviour.
 */
interface BackendUnderTest {
  open(): Promise<Backend>;
  cleanup(): Promise<void>;
}

const backends: Array<[string, () => Promise<BackendUnderTest>]> = [
  [
    'embedded',
    async () => {
      const tmp = await makeTempDir();
      const root = join(tmp.dir, 'index');
      return {
        open: () => openBackend({ backend: 'embedded', index: root }, settings),
        cleanup: tmp.cleanup,
      };
    },
  ],
  [
    'postgres',
    async () => {
      const postgres: TestPostgres = await startTestPostgres();
      const index = uniqueIndexName('suite');
      return {
        open: () => openBackend({ backend: postgres.url, index }, settings),
        cleanup: postgres.stop,
      };
    },
  ],
];

const settings = { filterScanBelow: 2000, log: silentLog };
const auth = { Authorization: `Bearer ${API_KEY}` };

describe.each(backends)('the service over the %s backend', (_name, setUp) => {
  let target: BackendUnderTest;
  let backend: Backend;
  let holder: IndexHolder;
  let app: ReturnType<typeof createApp>;
  let papers: Paper[];
  let corpus: string;
  const close: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    target = await setUp();
    const tmp = await makeTempDir();
    close.push(tmp.cleanup);
    papers = (await readSample(true)).slice(0, 400);
    corpus = join(tmp.dir, 'papers.jsonl');
    await writeFile(corpus, papers.map((p) => JSON.stringify(paperRecord(p))).join('\n'));
    backend = await target.open();
    await ingest({ backend, inputs: [corpus], exactBelow: 0 });
    const changes = await backend.changeLog();
    if (!changes) throw new Error('no change log');
    holder = new IndexHolder(backend, liveLoader(backend, changes));
    await holder.load();
    app = createApp({
      holder,
      log: silentLog,
      limits: { maxQueryChars: 1000 },
      access: accessPolicy({ keys: new ApiKeys([API_KEY]) }),
      writer: new PaperWriter(holder, changes),
    });
    close.push(() => changes.close());
  }, 240_000);

  afterAll(async () => {
    await holder?.close();
    await backend?.close();
    for (const done of close.reverse()) await done();
    await target?.cleanup();
  });

  const quantization = () => papers.find((p) => /quantiz/i.test(p.title)) as Paper;

  it('finds a paper by its title, in every mode, with scores from 0 to 1 best first', async () => {
    const paper = quantization();
    for (const mode of ['semantic', 'lexical', 'hybrid']) {
      const res = await request(app)
        .get('/search')
        .query({ q: paper.title, k: 5, mode })
        .expect(200);
      expect(res.body.results).toHaveLength(5);
      expect(res.body.results[0].id).toBe(paper.id);
      const scores = res.body.results.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      if (mode !== 'semantic') for (const s of scores) expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('answers related and recommend without the input papers, with explanations', async () => {
    const paper = quantization();
    const related = await request(app)
      .get(`/papers/${encodeURIComponent(paper.id)}/related`)
      .query({ k: 10, explain: true })
      .expect(200);
    expect(related.body.results).toHaveLength(10);
    const ids = related.body.results.map((r: { id: string }) => r.id);
    expect(ids).not.toContain(paper.id);
    expect(related.body.results[0].explain.ranks).toBeDefined();
    const recommended = await request(app)
      .post('/recommend')
      .send({ positive: [paper.id, ids[0]], negative: [ids[1]], k: 10 })
      .expect(200);
    const got = recommended.body.results.map((r: { id: string }) => r.id);
    expect(got).toHaveLength(10);
    for (const id of [paper.id, ids[0], ids[1]]) expect(got).not.toContain(id);
  });

  it('filters by year, category prefix and author last name, returning k when k exist', async () => {
    const category = CATEGORIES[0];
    const lastName = AUTHORS[3].split(' ').at(-1) as string;
    const res = await request(app)
      .get('/search')
      .query({
        q: 'neural networks training',
        k: 10,
        category: category.split('.')[0],
        author: lastName,
      })
      .expect(200);
    const matching = papers.filter(
      (p) =>
        p.categories.some((c) => c.startsWith(`${category.split('.')[0]}.`)) &&
        p.authors.includes(AUTHORS[3]),
    );
    expect(matching.length).toBeGreaterThanOrEqual(10);
    expect(res.body.results).toHaveLength(10);
    for (const hit of res.body.results) expect(hit.authors).toContain(AUTHORS[3]);
    const dated = await request(app)
      .get(`/papers/${encodeURIComponent(quantization().id)}/related`)
      .query({ k: 5, year_from: 2023, year_to: 2024, mode: 'semantic' })
      .expect(200);
    expect(dated.body.results.length).toBeGreaterThan(0);
    for (const hit of dated.body.results) expect(hit.published >= '2023').toBe(true);
  });

  it('applies writes at once, merges them into the next ingest, and reloads without a restart', async () => {
    const written = {
      id: 'api-wombat',
      title: 'Wombat burrow architecture surveyed by ground-penetrating radar',
      abstract: 'Wombat burrows are mapped with ground-penetrating radar across three regions.',
    };
    await request(app).post('/papers').set(auth).send(written).expect(201);
    // Equal weights: the index's fitted weight favours its embedder, which was fitted before
    // the written paper's words existed; a hybrid search must still rank the paper by both
    // halves, its lexical share taken of the ceiling it is scored against.
    const found = await request(app)
      .get('/search')
      .query({ q: 'wombat burrows radar', k: 3, semantic_weight: 0.5 });
    expect(found.body.results[0].id).toBe('api-wombat');
    const removed = papers[1].id;
    await request(app)
      .delete(`/papers/${encodeURIComponent(removed)}`)
      .set(auth)
      .expect(200);
    await request(app)
      .get(`/papers/${encodeURIComponent(removed)}`)
      .expect(404);

    const before = holder.loaded?.version;
    await ingest({ backend, inputs: [corpus], update: true, exactBelow: 0 });
    const reload = await request(app).post('/admin/reload').set(auth).expect(200);
    expect(reload.body).toMatchObject({ previous: before, changed: true });
    await request(app).get('/papers/api-wombat').expect(200);
    await request(app)
      .get(`/papers/${encodeURIComponent(removed)}`)
      .expect(404);
  });

  it('reads each kept version’s manifest alone, as the version opened holds it', async () => {
    const versions = await backend.versions();
    expect(versions.length).toBeGreaterThan(1);
    for (const name of versions) {
      const opened = await backend.open(name);
      try {
        expect(await backend.manifest(name)).toEqual(opened.manifest);
      } finally {
        await opened.close();
      }
    }
    await expect(backend.manifest('v999999')).rejects.toThrow();
  });

  it('rolls back to the previous version', async () => {
    const current = await backend.published();
    const previous = await backend.rollback();
    expect(previous).not.toBe(current);
    await request(app).post('/admin/reload').set(auth).expect(200);
    const stats = await request(app).get('/stats').expect(200);
    expect(stats.body.index_version).toBe(previous);
    expect(stats.body.backend.kind).toBe(backend.kind);
    expect(JSON.stringify(stats.body)).not.toMatch(/secret|password/i);
  });

  it('answers bad input with 4xx JSON errors', async () => {
    await request(app).get('/search').query({ q: '', k: 5 }).expect(400);
    await request(app).get('/search').query({ q: 'x', k: 0 }).expect(400);
    await request(app).get('/search').query({ q: 'x', year_from: 2024, year_to: 2020 }).expect(400);
    await request(app).get('/papers/no-such-paper/related').expect(404);
    await request(app)
      .post('/recommend')
      .send({ positive: ['nope'] })
      .expect(404);
    await request(app)
      .post('/recommend')
      .set('content-type', 'application/json')
      .send('null')
      .expect(400);
  });
});
