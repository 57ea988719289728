import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryKeys } from '../../../src/index/filter.js';
import { PostgresBackend } from '../../../src/index/postgres/postgres-backend.js';
import { textQuery } from '../../../src/search/lexical-query.js';
import {
  startTestPostgres,
  TEST_POSTGRES_URL_VARIABLE,
  uniqueIndexName,
  type TestPostgres,
} from '../../helpers/postgres.js';
import { embedPaper, exactTopK, publishPapers, samplePapers } from './fixture.js';

/** What several processes share through one database: versions, the change log, checkpoints. */
let server: TestPostgres;
const papers = samplePapers(200);

beforeAll(async () => {
  server = await startTestPostgres();
});

afterAll(async () => {
  await server?.stop();
});

async function pair(
  options: { textSearch?: 'fts' } = {},
): Promise<[PostgresBackend, PostgresBackend]> {
  const index = uniqueIndexName('shared');
  return [
    await PostgresBackend.connect({ url: server.url, index, ...options }),
    await PostgresBackend.connect({ url: server.url, index, ...options }),
  ];
}

describe('two processes on one database', () => {
  it('a server polling the pointer sees what another process publishes, and reads the same', async () => {
    const [ingest, serve] = await pair();
    try {
      expect(await serve.published()).toBeNull();
      await publishPapers(ingest, papers);
      expect(await serve.published()).toBe('v000001');
      const [mine, theirs] = [await ingest.open(), await serve.open()];
      const query = embedPaper(papers[42]);
      expect(await theirs.vectors.search(query, 10)).toEqual(await mine.vectors.search(query, 10));
      await publishPapers(ingest, papers.slice(0, 50));
      expect(await serve.published()).toBe('v000002');
      expect(await (await serve.open()).records.count()).toBe(50);
      expect(await theirs.records.count()).toBe(papers.length);
    } finally {
      await ingest.close();
      await serve.close();
    }
  });

  // PGlite has one server session, shared by every connection, so its advisory locks cannot
  // tell two processes apart: this runs against a real server only.
  it.skipIf(!process.env[TEST_POSTGRES_URL_VARIABLE])(
    'allows one build at a time per index',
    async () => {
      const [a, b] = await pair();
      try {
        const build = await a.build({ fromPublished: false });
        await expect(b.build({ fromPublished: false })).rejects.toThrow(/another build/);
        await build.abandon();
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});

describe('change log', () => {
  it('numbers appends in order, reads ranges, and keeps numbering after pruning', async () => {
    const [a, b] = await pair();
    try {
      const log = (await a.changeLog())!;
      const other = (await b.changeLog())!;
      expect(await log.lastSeq()).toBe(0);
      expect(await log.append({ op: 'upsert', paper: papers[0] })).toBe(1);
      expect(await other.append({ op: 'delete', id: papers[1].id })).toBe(2);
      expect(await log.append({ op: 'upsert', paper: papers[2] })).toBe(3);
      expect(await other.between(0)).toEqual([
        { seq: 1, change: { op: 'upsert', paper: papers[0] } },
        { seq: 2, change: { op: 'delete', id: papers[1].id } },
        { seq: 3, change: { op: 'upsert', paper: papers[2] } },
      ]);
      expect((await log.between(1, 2)).map((c) => c.seq)).toEqual([2]);
      expect(await log.pruneThrough(2)).toBe(2);
      expect(await log.lastSeq()).toBe(3);
      expect((await log.between(0)).map((c) => c.seq)).toEqual([3]);
      expect(await log.append({ op: 'delete', id: 'x' })).toBe(4);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('concurrent appends from two processes get distinct, gap-free numbers', async () => {
    const [a, b] = await pair();
    try {
      const [logA, logB] = [(await a.changeLog())!, (await b.changeLog())!];
      const seqs = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? logA : logB).append({ op: 'delete', id: `p${i}` }),
        ),
      );
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await logA.between(0)).map((c) => c.seq)).toEqual(seqs.slice().sort((x, y) => x - y));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('checkpoints', () => {
  it('store vectors exactly, by fingerprint and text hash', async () => {
    const [a, b] = await pair();
    try {
      const store = await a.checkpoints('fp-1', 48);
      const vector = embedPaper(papers[0]);
      await store.put([
        { textHash: 'h1', vector },
        { textHash: 'h2', vector: embedPaper(papers[1]) },
      ]);
      const found = await (await b.checkpoints('fp-1', 48)).get(['h1', 'h3']);
      expect([...found.keys()]).toEqual(['h1']);
      expect(Array.from(found.get('h1')!)).toEqual(Array.from(vector));
      expect((await (await b.checkpoints('fp-2', 48)).get(['h1'])).size).toBe(0);
      await expect(store.put([{ textHash: 'h4', vector: new Float32Array(3) }])).rejects.toThrow(
        /dimensions/,
      );
      await store.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('engine choices', () => {
  it('ranks with Postgres full-text search where BM25 is not wanted', async () => {
    const [backend, reader] = await pair({ textSearch: 'fts' });
    try {
      await publishPapers(backend, papers);
      const version = await reader.open();
      const found = await version.text.search(textQuery('graph neural networks'), 5);
      expect(found).toHaveLength(5);
      const top = (await version.records.byLabels([found[0].label]))[0];
      expect(`${top.title} ${top.abstract}`.toLowerCase()).toMatch(/graph|neural|network/);
      const stats = await version.text.statistics();
      expect(stats.documents).toBe(papers.length);
    } finally {
      await backend.close();
      await reader.close();
    }
  });

  it('a filtered graph scan cut short falls back to an exact scan that still returns k', async () => {
    const index = uniqueIndexName('shared');
    const backend = await PostgresBackend.connect({ url: server.url, index, maxScanTuples: 1 });
    try {
      await publishPapers(backend, papers);
      const version = await backend.open();
      const vectors = papers.map((paper, label) => ({ label, vector: embedPaper(paper) }));
      const allowed = vectors.filter(({ label }) =>
        papers[label].categories.flatMap(categoryKeys).includes('math.co'),
      );
      const query = vectors[1].vector;
      const found = await version.vectors.search(query, 5, { filter: { categories: ['math.CO'] } });
      expect(found.map((n) => n.label)).toEqual(exactTopK(query, allowed, 5));
    } finally {
      await backend.close();
    }
  });
});
