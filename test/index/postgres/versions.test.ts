import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/corpus/paper.js';
import { PostgresBackend } from '../../../src/index/postgres/postgres-backend.js';
import { startTestPostgres, uniqueIndexName, type TestPostgres } from '../../helpers/postgres.js';
import {
  DIMS,
  embedPaper,
  manifestFor,
  publishPapers,
  samplePapers,
  vectorSpec,
  writePapers,
} from './fixture.js';

/** Builds, updates, publication, rollback, pruning and abandoned builds, version by version. */
let server: TestPostgres;
let sql: pg.Pool;
const backends: PostgresBackend[] = [];
const papers = samplePapers(120);

beforeAll(async () => {
  server = await startTestPostgres();
  sql = new pg.Pool({ connectionString: server.url, max: 2 });
});

afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
});

afterAll(async () => {
  await sql?.end();
  await server?.stop();
});

async function connect(index = uniqueIndexName('versions')): Promise<PostgresBackend> {
  const backend = await PostgresBackend.connect({ url: server.url, index });
  backends.push(backend);
  return backend;
}

/** Rows of the index's tables, read directly: what the storage actually holds. */
async function rowCount(backend: PostgresBackend): Promise<number> {
  const { schema } = backend.names;
  const tables = await sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'rows\\_%'`,
    [schema],
  );
  let total = 0;
  for (const { name } of tables.rows) {
    total += Number((await sql.query(`SELECT count(*) AS n FROM ${schema}.${name}`)).rows[0].n);
  }
  return total;
}

const renamed = (paper: Paper): Paper => ({ ...paper, title: `${paper.title} (revised)` });

/** An update of `base`: labels 0-2 changed, 3-4 removed, two papers added after the last label. */
async function publishUpdate(backend: PostgresBackend, extra: Paper[]): Promise<string> {
  const build = await backend.build({ fromPublished: true });
  const changed = [0, 1, 2].map((label) => ({ label, paper: renamed(papers[label]) }));
  const added = extra.map((paper, i) => ({ label: papers.length + i, paper }));
  await writePapers(build, [...changed, ...added]);
  await build.records.remove([3, 4]);
  await build.text.remove([3, 4]);
  await (await build.vectors(vectorSpec())).remove([3, 4]);
  return build.publish(manifestFor(papers.length + extra.length - 2), 3);
}

describe('publishing', () => {
  it('publishes nothing until publish, then serves the version by name', async () => {
    const backend = await connect();
    expect(await backend.published()).toBeNull();
    expect(await backend.versions()).toEqual([]);
    await expect(backend.open()).rejects.toThrow(/no published version/);
    const build = await backend.build({ fromPublished: false });
    expect(build.name).toBe('v000001');
    expect(build.base).toBeNull();
    await writePapers(
      build,
      papers.map((paper, label) => ({ label, paper })),
    );
    await build.setMeta('embedder-state', Buffer.from([1, 2, 3]));
    expect(await backend.published()).toBeNull();
    expect(await build.records.count()).toBe(papers.length);
    expect(await build.publish(manifestFor(papers.length), 2)).toBe('v000001');
    expect(await backend.published()).toBe('v000001');
    const version = await backend.open('v000001');
    expect(version.manifest).toEqual(manifestFor(papers.length));
    expect(await version.meta('embedder-state')).toEqual(Buffer.from([1, 2, 3]));
    expect(await version.meta('absent')).toBeNull();
  });

  it('an update costs rows in proportion to the change, and each version keeps its own view', async () => {
    const backend = await connect();
    await publishPapers(backend, papers);
    expect(await rowCount(backend)).toBe(papers.length);
    const extra = samplePapers(130).slice(120);
    expect(await publishUpdate(backend, extra)).toBe('v000002');
    // Three changed papers and ten new ones are new rows; nothing else was copied.
    expect(await rowCount(backend)).toBe(papers.length + 3 + extra.length);

    const before = await backend.open('v000001');
    const after = await backend.open('v000002');
    expect(await before.records.count()).toBe(papers.length);
    expect(await after.records.count()).toBe(papers.length - 2 + extra.length);
    expect((await before.records.find({ id: papers[0].id }))?.title).toBe(papers[0].title);
    expect((await after.records.find({ id: papers[0].id }))?.title).toBe(renamed(papers[0]).title);
    expect(await before.records.find({ id: papers[3].id })).not.toBeNull();
    expect(await after.records.find({ id: papers[3].id })).toBeNull();
    expect(await before.records.find({ id: extra[0].id })).toBeNull();
    expect((await after.records.find({ id: extra[0].id }))?.label).toBe(papers.length);

    // Vectors follow the same views: the removed paper is its own nearest only in v1.
    const removed = embedPaper(papers[3]);
    expect((await before.vectors.search(removed, 1))[0].label).toBe(3);
    expect((await after.vectors.search(removed, 5)).map((n) => n.label)).not.toContain(3);
    const addedVector = embedPaper(extra[0]);
    expect((await after.vectors.search(addedVector, 1))[0].label).toBe(papers.length);
    expect((await before.vectors.search(addedVector, 5)).map((n) => n.label)).not.toContain(
      papers.length,
    );
    expect(await after.vectors.size()).toBe(papers.length - 2 + extra.length);
    expect(await after.text.statistics()).toMatchObject({
      documents: papers.length - 2 + extra.length,
    });
  });

  it('an update starts from the published rows, hashes and meta', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 10));
    const first = await backend.build({ fromPublished: true });
    await first.setMeta('state', Buffer.from('fitted'));
    await first.publish(manifestFor(10), 3);
    const build = await backend.build({ fromPublished: true });
    expect(build.base).toBe('v000002');
    expect(await build.meta('state')).toEqual(Buffer.from('fitted'));
    const identities = [];
    for await (const identity of build.records.identities()) identities.push(identity);
    expect(identities.map((i) => i.label)).toEqual([...Array(10).keys()]);
    expect(identities[4].id).toBe(papers[4].id);
    const vectors = await build.vectors(vectorSpec());
    expect(Array.from((await vectors.vectorsOf([4]))[0] as Float32Array)).toEqual(
      Array.from(embedPaper(papers[4])),
    );
    const pages = [];
    for await (const page of build.records.documents(4)) pages.push(page.map((d) => d.label));
    expect(pages).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    const previous = await backend.open();
    expect(await build.records.checksum()).toMatch(/^[0-9a-f]{64}$/);
    await build.records.remove([9]);
    expect(await build.records.count()).toBe(9);
    expect(await previous.records.count()).toBe(10);
    await build.abandon();
  });

  it('a changed embedder dimension starts the update with no vectors but keeps the records', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 20));
    const build = await backend.build({ fromPublished: true });
    const vectors = await build.vectors(vectorSpec('hnsw', DIMS * 2));
    expect(await vectors.vectorsOf([0, 1])).toEqual([null, null]);
    expect(await build.records.count()).toBe(20);
    await vectors.put(
      papers.slice(0, 20).map((paper, label) => ({ label, vector: embedPaper(paper, DIMS * 2) })),
    );
    await build.publish(manifestFor(20, 'hnsw', DIMS * 2), 3);
    const [v1, v2] = [await backend.open('v000001'), await backend.open('v000002')];
    expect(v1.vectors.dims).toBe(DIMS);
    expect(v2.vectors.dims).toBe(DIMS * 2);
    expect((await v2.vectors.search(embedPaper(papers[5], DIMS * 2), 1))[0].label).toBe(5);
    expect((await v1.vectors.search(embedPaper(papers[5]), 1))[0].label).toBe(5);
  });

  it('an exact version is searched by a full scan', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 30), { search: 'exact' });
    const version = await backend.open();
    const found = await version.vectors.search(embedPaper(papers[7]), 30);
    expect(found).toHaveLength(30);
    expect(found[0].label).toBe(7);
  });
});

describe('rollback and pruning', () => {
  it('rolls back to the previous version, and a build from it does not see the undone one', async () => {
    const backend = await connect();
    await publishPapers(backend, papers);
    const extra = samplePapers(125).slice(120);
    await publishUpdate(backend, extra);
    expect(await backend.rollback()).toBe('v000001');
    expect(await backend.published()).toBe('v000001');
    expect(await (await backend.open()).records.count()).toBe(papers.length);

    const build = await backend.build({ fromPublished: true });
    expect(build.base).toBe('v000001');
    expect(build.name).toBe('v000003');
    expect(await build.records.count()).toBe(papers.length);
    expect((await build.records.find({ id: papers[0].id }))?.title).toBe(papers[0].title);
    expect(await build.records.find({ id: extra[0].id })).toBeNull();
    await build.records.remove([10]);
    await build.publish(manifestFor(papers.length - 1), 3);

    expect(await backend.versions()).toEqual(['v000001', 'v000002', 'v000003']);
    const [v1, v2, v3] = await Promise.all(
      ['v000001', 'v000002', 'v000003'].map((n) => backend.open(n)),
    );
    expect(await v1.records.count()).toBe(papers.length);
    expect(await v2.records.count()).toBe(papers.length - 2 + extra.length);
    expect(await v3.records.count()).toBe(papers.length - 1);
    expect(await v3.records.find({ id: papers[3].id })).not.toBeNull();
    expect(await v3.records.find({ id: papers[10].id })).toBeNull();
    expect(await v3.vectors.size()).toBe(papers.length);
    expect((await v3.vectors.search(embedPaper(papers[3]), 1))[0].label).toBe(3);
  });

  it('keeps the newest N versions and deletes rows only pruned versions saw', async () => {
    const backend = await connect();
    await publishPapers(backend, papers);
    for (let round = 0; round < 3; round++) {
      const build = await backend.build({ fromPublished: true });
      await writePapers(build, [{ label: round, paper: renamed(papers[round]) }]);
      await build.publish(manifestFor(papers.length), 2);
    }
    expect(await backend.versions()).toEqual(['v000003', 'v000004']);
    await expect(backend.open('v000002')).rejects.toThrow(/no published version v000002/);
    // v3 and v4 share the table: the corpus once, plus the one row v3 sees that v4 replaced.
    expect(await rowCount(backend)).toBe(papers.length + 1);
    expect(await (await backend.open('v000003')).records.count()).toBe(papers.length);
    await expect(backend.rollback()).resolves.toBe('v000003');
    await expect(backend.rollback()).rejects.toThrow(/no earlier version/);
  });

  it('drops a generation no kept version uses', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 10), { keep: 1 });
    await publishPapers(backend, papers.slice(10, 20), { keep: 1 });
    expect(await backend.versions()).toEqual(['v000002']);
    expect(await rowCount(backend)).toBe(10);
  });
});

describe('abandoned builds', () => {
  it('leave nothing visible and do not use up a version number', async () => {
    const backend = await connect();
    await publishPapers(backend, papers.slice(0, 20));
    const build = await backend.build({ fromPublished: true });
    await writePapers(build, [
      { label: 0, paper: renamed(papers[0]) },
      { label: 50, paper: papers[50] },
    ]);
    await build.records.remove([1]);
    await build.abandon();
    await expect(build.records.put([])).rejects.toThrow(/already finished/);
    expect(await backend.versions()).toEqual(['v000001']);
    expect(await rowCount(backend)).toBe(20);
    const version = await backend.open();
    expect((await version.records.find({ id: papers[0].id }))?.title).toBe(papers[0].title);
    expect(await version.records.count()).toBe(20);
    const next = await backend.build({ fromPublished: false });
    expect(next.name).toBe('v000002');
    await next.abandon();
    expect(await rowCount(backend)).toBe(20);
  });

  it('left by a job that stopped are undone by the next build', async () => {
    const index = uniqueIndexName('versions');
    const first = await connect(index);
    await publishPapers(first, papers.slice(0, 20));
    const dying = await PostgresBackend.connect({ url: server.url, index });
    const build = await dying.build({ fromPublished: true });
    await writePapers(build, [{ label: 2, paper: renamed(papers[2]) }]);
    await dying.close();

    const next = await first.build({ fromPublished: true });
    expect(next.name).toBe('v000002');
    expect((await next.records.find({ id: papers[2].id }))?.title).toBe(papers[2].title);
    expect(await rowCount(first)).toBe(20);
    await next.abandon();
  });
});
