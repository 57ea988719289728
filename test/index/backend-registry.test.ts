import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, registeredBackends } from '../../src/index/backend-registry.js';
import type { Backend } from '../../src/index/backend.js';
import { BackendSpecError, openBackend } from '../../src/index/backends.js';
import { createApp } from '../../src/server/app.js';
import { StatsResponse } from '../../src/server/responses.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { ingest, SAMPLE_SIZE } from '../helpers/ingest.js';
import { readSample, silentLog } from '../search/test-index.js';
import { memoryBackendFactory } from './memory-backend/memory-backend.js';

// A third engine, from outside src/: its folder, and this one line.
registerBackend(memoryBackendFactory);

const settings = { filterScanBelow: 2000, log: silentLog };

describe('the backend registry', () => {
  it('lists the built-in engines and the one registered here; refuses a name twice', () => {
    expect(registeredBackends().map((f) => f.name)).toEqual(['embedded', 'postgres', 'memory']);
    expect(() => registerBackend(memoryBackendFactory)).toThrow(/registered already/);
  });

  it('refuses a spec no engine accepts, naming the ones it knows, the password hidden', async () => {
    const opening = openBackend({ backend: 'mysql://me:secret@db/x', index: 'i' }, settings);
    await expect(opening).rejects.toThrow(BackendSpecError);
    await expect(opening).rejects.toThrow(
      'unknown backend "mysql://me:***@db/x": use "embedded" or a postgres:// URL or "memory:NAME"',
    );
  });
});

describe('an engine registered from outside src/', () => {
  let backend: Backend;
  let holder: IndexHolder;
  const app = () =>
    createApp({ holder, log: silentLog, limits: { maxQueryChars: 1000 }, writer: null });

  beforeAll(async () => {
    backend = await openBackend({ backend: 'memory:sample', index: 'sample' }, settings);
    await ingest({ backend });
    holder = new IndexHolder(backend, (previous) =>
      loadIndex(
        backend,
        { model: { modelsDir: 'models', batchSize: 16, threads: 1 }, queryBatch: 16 },
        silentLog,
        { previous },
      ),
    );
    await holder.load();
  });

  afterAll(async () => {
    await holder?.close();
    await backend?.close();
  });

  it('takes an ingest, and the API reports it by its name', async () => {
    expect(backend.kind).toBe('memory');
    expect(await backend.versions()).toEqual(['v000001']);
    const stats = await request(app()).get('/stats').expect(200);
    expect(StatsResponse.parse(stats.body).backend).toEqual({
      kind: 'memory',
      location: 'memory:sample',
    });
    expect(stats.body.count).toBe(SAMPLE_SIZE);
  });

  it('answers searches in every mode, filters, related papers, libraries and recommendations', async () => {
    const dated = (await readSample(false)).filter((p) => p.published);
    const paper = dated.find((p) => /quantiz/i.test(p.title)) ?? dated[0];
    for (const mode of ['semantic', 'lexical', 'hybrid']) {
      const res = await request(app()).get('/search').query({ q: paper.title, k: 3, mode });
      expect(res.status, mode).toBe(200);
      expect(res.body.results[0].id, mode).toBe(paper.id);
    }
    const year = Number(paper.published!.slice(0, 4));
    const filtered = await request(app())
      .get('/search')
      .query({ q: paper.title, k: 5, year_from: year + 1 })
      .expect(200);
    expect(filtered.body.results.length).toBeGreaterThan(0);
    for (const hit of filtered.body.results) expect(hit.published >= `${year + 1}`).toBe(true);
    const related = await request(app())
      .get(`/papers/${encodeURIComponent(paper.id)}/related?k=4`)
      .expect(200);
    expect(related.body.results).toHaveLength(4);
    expect(related.body.results.map((r: { id: string }) => r.id)).not.toContain(paper.id);
    const resolved = await request(app())
      .post('/library/resolve')
      .send({ library: [paper.title] })
      .expect(200);
    expect(resolved.body.library[0]).toMatchObject({ id: paper.id, matched_by: 'title' });
    const recommended = await request(app())
      .post('/recommend')
      .send({ library: [paper.id], k: 3 })
      .expect(200);
    expect(recommended.body.results).toHaveLength(3);
  });
});
