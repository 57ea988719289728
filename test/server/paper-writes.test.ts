import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedVersion } from '../../src/index/embedded/embedded-version.js';
import { ingest } from '../helpers/ingest.js';
import { API_KEY, createLiveApp, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, SAMPLE_CORPUS, type TestIndex } from '../search/test-index.js';

let index: TestIndex;
let live: LiveApp;

beforeAll(async () => {
  // An HNSW graph (buildTestIndex's default), the harder case for in-place changes.
  index = await buildTestIndex({ embedder: 'lexical' });
  live = await createLiveApp(index.root);
});

afterAll(async () => {
  await live?.close();
  await index?.cleanup();
});

const auth = { Authorization: `Bearer ${API_KEY}` };

const NEW_PAPER = {
  id: 'api-0001',
  title: 'Quokka populations and sparse graph neural networks for wildlife monitoring',
  abstract:
    'We count quokka populations with graph neural networks over camera-trap images, ' +
    'training a sparse attention model on island surveys.',
  authors: ['Ada Field', 'Ben Trap'],
  categories: ['q-bio.PE'],
  published: '2025-03-04',
};

const post = (body: unknown) =>
  request(live.app)
    .post('/papers')
    .set(auth)
    .send(body as object);

describe('write endpoints need an API key', () => {
  it('401 without a key or with a wrong one, naming the scheme', async () => {
    const none = await request(live.app).post('/papers').send(NEW_PAPER).expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body.error.code).toBe('unauthorized');
    await request(live.app)
      .post('/papers')
      .set('Authorization', 'Bearer wrong')
      .send(NEW_PAPER)
      .expect(401);
    await request(live.app)
      .post('/papers')
      .set('Authorization', API_KEY)
      .send(NEW_PAPER)
      .expect(401);
    await request(live.app).delete(`/papers/${index.papers[0].id}`).expect(401);
    await request(live.app).post('/admin/reload').expect(401);
    // Nothing was written.
    await request(live.app).get(`/papers/${index.papers[0].id}`).expect(200);
    await request(live.app).get(`/papers/${NEW_PAPER.id}`).expect(404);
  });
});

describe('POST /papers and DELETE /papers/:id', () => {
  it('creates a paper that every read sees at once', async () => {
    const res = await post(NEW_PAPER).expect(201);
    expect(res.body).toEqual({
      id: 'api-0001',
      status: 'created',
      seq: 1,
      index_version: 'v000001',
    });

    const got = await request(live.app).get('/papers/api-0001').expect(200);
    expect(got.body.paper).toMatchObject({ title: NEW_PAPER.title, authors: NEW_PAPER.authors });

    // Unexpanded: RM3 (lexical mode's default) would add the paper's other words, and the
    // papers sharing them; the written word itself is what only the written paper holds.
    const lexical = await request(live.app)
      .get('/search?q=quokka&mode=lexical&expand=none')
      .expect(200);
    expect(lexical.body.results.map((r: { id: string }) => r.id)).toEqual(['api-0001']);

    // Not "populations": the sample's astrophysics records (stellar populations) own that word.
    const hybrid = await request(live.app)
      .get('/search?q=quokka%20wildlife%20surveys&k=5&semantic_weight=0.5')
      .expect(200);
    // Scored with the whole corpus' BM25 statistics, it ranks as if it had been ingested (at
    // equal weights: the fitted weight favours an embedder that never saw "quokka").
    expect(hybrid.body.results[0].id).toBe('api-0001');

    const filtered = await request(live.app)
      .get('/search?q=graph%20neural%20networks&category=q-bio.PE&mode=semantic')
      .expect(200);
    const alsoPE = index.papers.filter((p) => p.categories.includes('q-bio.PE'));
    expect(filtered.body.results.map((r: { id: string }) => r.id).sort()).toEqual(
      ['api-0001', ...alsoPE.map((p) => p.id)].sort(),
    );

    const related = await request(live.app).get('/papers/api-0001/related?k=3').expect(200);
    expect(related.body.results).toHaveLength(3);
    const stats = await request(live.app).get('/stats').expect(200);
    expect(stats.body.count).toBe(index.papers.length + 1);
  });

  it('updates a paper in place of the old record, and ignores a write that changes nothing', async () => {
    const renamed = { ...NEW_PAPER, title: 'Wallaby populations counted by sparse graph networks' };
    const res = await post(renamed).expect(200);
    expect(res.body).toMatchObject({ status: 'updated', seq: 2 });
    const got = await request(live.app).get('/papers/api-0001').expect(200);
    expect(got.body.paper.title).toBe(renamed.title);
    const wallaby = await request(live.app)
      .get('/search?q=wallaby&mode=lexical&expand=none')
      .expect(200);
    expect(wallaby.body.results.map((r: { id: string }) => r.id)).toEqual(['api-0001']);

    const again = await post(renamed).expect(200);
    expect(again.body).toMatchObject({ status: 'unchanged', seq: null });
    const stats = await request(live.app).get('/stats').expect(200);
    expect(stats.body.count).toBe(index.papers.length + 1);
  });

  it('deletes a published paper from every read', async () => {
    const victim = index.papers[3];
    const res = await request(live.app).delete(`/papers/${victim.id}`).set(auth).expect(200);
    expect(res.body).toMatchObject({ id: victim.id, status: 'deleted', seq: 3 });
    await request(live.app).get(`/papers/${victim.id}`).expect(404);
    await request(live.app).get(`/papers/${victim.id}/related`).expect(404);
    const neighbour = await request(live.app).get(`/papers/${index.papers[4].id}/related?k=50`);
    expect(neighbour.body.results.map((r: { id: string }) => r.id)).not.toContain(victim.id);
    const byTitle = await request(live.app)
      .get(`/search?q=${encodeURIComponent(victim.title)}&k=50`)
      .expect(200);
    expect(byTitle.body.results.map((r: { id: string }) => r.id)).not.toContain(victim.id);
    await request(live.app).delete(`/papers/${victim.id}`).set(auth).expect(404);
  });

  it('refuses invalid papers with a 400 and logs nothing', async () => {
    for (const body of [
      { title: 'No abstract' },
      { ...NEW_PAPER, abstract: '   ' },
      { ...NEW_PAPER, authors: [1, 2] },
      { ...NEW_PAPER, extra: true },
      { ...NEW_PAPER, title: 'x'.repeat(2001) },
      [NEW_PAPER],
    ]) {
      const res = await post(body).expect(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(await live.changes.lastSeq()).toBe(3);
  });

  it('survives a restart: a new server replays the change log', async () => {
    await live.close();
    live = await createLiveApp(index.root);
    const got = await request(live.app).get('/papers/api-0001').expect(200);
    expect(got.body.paper.title).toMatch(/^Wallaby/);
    await request(live.app).get(`/papers/${index.papers[3].id}`).expect(404);
    const stats = await request(live.app).get('/stats').expect(200);
    expect(stats.body.count).toBe(index.papers.length);
  });

  it('is merged into the next ingest, which records how far it merged', async () => {
    const summary = await ingest({ indexRoot: index.root, inputs: [SAMPLE_CORPUS], update: true });
    expect(summary.mergedChanges).toBe(3);
    expect(summary.diff).toMatchObject({ added: 1, changed: 0, removed: 1 });
    const merged = await openEmbeddedVersion(summary.location, { filterScanBelow: 0 });
    expect(merged.manifest.changesThrough).toBe(3);
    expect((await merged.records.find({ id: 'api-0001' }))?.title).toMatch(/^Wallaby/);
    expect(await merged.records.find({ id: index.papers[3].id })).toBeNull();
    await merged.close();

    const reload = await request(live.app).post('/admin/reload').set(auth).expect(200);
    expect(reload.body).toMatchObject({ previous: 'v000001', current: 'v000002', changed: true });
    expect(live.holder.loaded?.live?.appliedThrough).toBe(3);
    const got = await request(live.app).get('/papers/api-0001').expect(200);
    expect(got.body.index_version).toBe('v000002');
  });

  it('a later re-index from the source corpus is authoritative again, and the log is pruned', async () => {
    const summary = await ingest({ indexRoot: index.root, inputs: [SAMPLE_CORPUS], update: true });
    expect(summary).toMatchObject({ mergedChanges: 0, diff: { added: 1, removed: 1 } });
    const rebuilt = await openEmbeddedVersion(summary.location, { filterScanBelow: 0 });
    expect(await rebuilt.records.find({ id: 'api-0001' })).toBeNull();
    expect(await rebuilt.records.find({ id: index.papers[3].id })).not.toBeNull();
    await rebuilt.close();
    // v000002 and v000003 are kept; both hold changes 1..3, so no rollback needs them.
    expect(await live.changes.between(0)).toEqual([]);
    expect((await readFile(join(index.root, 'CURRENT'), 'utf8')).trim()).toBe('v000003');
  });
});
