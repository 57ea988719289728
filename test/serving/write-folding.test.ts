import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperRecord, type Paper } from '../../src/corpus/paper.js';
import type { Backend } from '../../src/index/backend.js';
import type { ChangeLog } from '../../src/index/change-log.js';
import { openBackend } from '../../src/index/backends.js';
import { accessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import { FoldProcess } from '../../src/serving/fold-process.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { PaperWriter } from '../../src/serving/paper-writer.js';
import { WriteFolder, type FoldPolicy } from '../../src/serving/write-folding.js';
import { CLI } from '../helpers/cli.js';
import { ingest } from '../helpers/ingest.js';
import { API_KEY, liveLoader } from '../helpers/live-index.js';
import { startTestPostgres, uniqueIndexName } from '../helpers/postgres.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { readSample, silentLog } from '../search/test-index.js';

/** Where an index lives, as `serve` is told: the backend spec and the index. */
interface Target {
  backend: string;
  index: string;
  cleanup(): Promise<void>;
}

const targets: Array<[string, () => Promise<Target>]> = [
  [
    'embedded',
    async () => {
      const tmp = await makeTempDir();
      return { backend: 'embedded', index: join(tmp.dir, 'index'), cleanup: tmp.cleanup };
    },
  ],
  [
    'postgres',
    async () => {
      const postgres = await startTestPostgres();
      return { backend: postgres.url, index: uniqueIndexName('fold'), cleanup: postgres.stop };
    },
  ],
];

const written = (i: number): Paper => ({
  id: `written-${i}`,
  title: `Folding written paper number ${i} about sparse retrieval`,
  abstract: `A paper written through the API, number ${i}, on sparse retrieval and folding.`,
  authors: ['Ada Writer'],
  categories: ['cs.IR'],
  published: null,
  url: null,
  doi: null,
  arxivId: null,
  venue: null,
  keywords: [],
});

async function until(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(targets)('API writes folded in the background (%s backend)', (_name, setUp) => {
  let target: Target;
  let backend: Backend;
  let changes: ChangeLog;
  let sample: Paper[];
  const close: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    target = await setUp();
    const tmp = await makeTempDir();
    close.push(tmp.cleanup, target.cleanup);
    sample = (await readSample(false)).slice(0, 200);
    const corpus = join(tmp.dir, 'papers.jsonl');
    await writeFile(corpus, sample.map((p) => JSON.stringify(paperRecord(p))).join('\n'));
    backend = await openBackend(target, { filterScanBelow: 2000, log: silentLog });
    close.unshift(() => backend.close());
    await ingest({ backend, inputs: [corpus], exactBelow: 0 });
    const log = await backend.changeLog();
    if (!log) throw new Error('no change log');
    changes = log;
    close.unshift(() => changes.close());
  });
  afterAll(async () => {
    for (const step of close) await step();
  });

  /** The serving stack as `serve` builds it, folding through the built CLI. */
  async function serving(policy: FoldPolicy) {
    const holder = new IndexHolder(backend, liveLoader(backend, changes));
    await holder.load();
    const runner = new FoldProcess({
      cli: CLI,
      args: ['--threads', '1'],
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PAPER_SEARCH_BACKEND: target.backend,
        PAPER_SEARCH_INDEX: target.index,
      },
      niceness: 10,
    });
    const folder = new WriteFolder(holder, runner, policy, silentLog);
    const writer = new PaperWriter(holder, changes, folder);
    const app = createApp({
      holder,
      log: silentLog,
      limits: { maxQueryChars: 1000 },
      access: accessPolicy({ keys: new ApiKeys([API_KEY]) }),
      writer,
    });
    return {
      holder,
      folder,
      writer,
      app,
      close: async () => {
        await folder.stop();
        await holder.close();
      },
    };
  }

  it('publishes held writes once they number N, serving throughout, and keeps a write made during the fold', async () => {
    const live = await serving({ after: 3, maxAgeMs: 0, limit: 50 });
    try {
      const before = live.holder.loaded?.version;
      await live.writer.upsert(written(1));
      await live.writer.remove(sample[0].id);
      expect(live.folder.folding).toBe(false);
      await live.writer.upsert(written(2));
      expect(live.folder.folding).toBe(true);
      // Requests and writes go on while the fold runs in its own process.
      await live.writer.upsert(written(3));
      const during = await request(live.app)
        .get('/search')
        .query({ q: 'sparse retrieval folding' });
      expect(during.status).toBe(200);
      await until(() => !live.folder.folding);

      const loaded = live.holder.loaded;
      expect(loaded?.version).not.toBe(before);
      const manifest = await backend.manifest(loaded?.version as string);
      expect(manifest.build.kind).toBe('update');
      // The write made during the fold is in the new version, or (when the fold had read
      // the log before it) replayed into the new version's overlay.
      const pending = loaded?.live?.pending.changes ?? 0;
      expect([0, 1]).toContain(pending);
      expect(manifest.count + pending).toBe(sample.length + 2);
      expect(await live.holder.use((service) => service.count())).toBe(sample.length + 2);
      const found = await request(live.app)
        .get('/search')
        .query({ q: 'folding written paper', k: 5 });
      const ids = (found.body as { results: Array<{ id: string }> }).results.map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining(['written-1', 'written-2', 'written-3']));
      expect((await request(live.app).get(`/papers/${sample[0].id}`)).status).toBe(404);
    } finally {
      await live.close();
    }
  });

  it('bounds the writes held in memory: past the limit a write gets 503 writes_backlogged', async () => {
    // Folding by age only, far off: the overlay fills up to its limit.
    const live = await serving({ after: 0, maxAgeMs: 3_600_000, limit: 2 });
    try {
      const held = live.holder.loaded?.live?.pending.changes ?? 0;
      const auth = { Authorization: `Bearer ${API_KEY}` };
      for (let i = 10; held + i - 10 < 2; i++) {
        const body = { id: written(i).id, title: written(i).title, abstract: written(i).abstract };
        expect((await request(live.app).post('/papers').set(auth).send(body)).status).toBe(201);
      }
      const refused = await request(live.app).post('/papers').set(auth).send({
        id: 'written-99',
        title: 'One too many',
        abstract: 'Refused while folds are behind.',
      });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body.error.code).toBe('writes_backlogged');
      expect((await request(live.app).get('/papers/written-99')).status).toBe(404);
    } finally {
      await live.close();
    }
  });
});
