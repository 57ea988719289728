import { existsSync, readFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ingest, SAMPLE, SAMPLE_SIZE } from '../helpers/ingest.js';
import { startServe, until, type ServeProcess } from '../helpers/serve-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const KEY = 'fold-kill-secret-2b7e41';
const FOLD_AFTER = 4;

/** A moment of a fold at which the machine dies, as the index root shows it. */
interface KillPoint {
  name: string;
  reached(root: string): boolean;
  /** Kill the server and its fold (a crash), or the server alone (the fold runs on). */
  group: boolean;
}

/** A live process holds the index root's build lock (a stale one is taken over). */
function lockHeld(root: string): boolean {
  const file = join(root, 'ingest.lock');
  if (!existsSync(file)) return false;
  try {
    process.kill(Number(readFileSync(file, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

const current = (root: string) => readFileSync(join(root, 'CURRENT'), 'utf8').trim();
const building = (root: string) => existsSync(join(root, 'v000002.building'));

const POINTS: KillPoint[] = [
  { name: 'as the last write is acknowledged', reached: () => true, group: true },
  { name: 'while the fold builds', reached: building, group: true },
  {
    name: 'once the fold has written its graph',
    reached: (root) => existsSync(join(root, 'v000002.building', 'vectors.hnsw')),
    group: true,
  },
  {
    name: 'after the fold published, before the server switched',
    reached: (root) => current(root) === 'v000002',
    group: true,
  },
  { name: 'while its fold builds', reached: building, group: false },
];

function post(server: ServeProcess, paper: { id: string; title: string; abstract: string }) {
  return fetch(server.url('/papers'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(paper),
  });
}

const written = (i: number) => ({
  id: `kept-${i}`,
  title: `A write that must survive a crash, number ${i}`,
  abstract: `Written through the API before the machine died (${i}).`,
});

async function ready(server: ServeProcess): Promise<void> {
  await until(async () => (await fetch(server.url('/ready')).catch(() => null))?.ok === true);
}

/** Every acknowledged write is served: the upserts with their titles, the deletion gone. */
async function expectServed(server: ServeProcess, upserts: number[], deleted: string) {
  for (const i of upserts) {
    const res = await fetch(server.url(`/papers/kept-${i}`));
    expect(res.status, `kept-${i}`).toBe(200);
    expect(((await res.json()) as { paper: { title: string } }).paper.title).toBe(written(i).title);
  }
  expect((await fetch(server.url(`/papers/${encodeURIComponent(deleted)}`))).status).toBe(404);
}

describe('a fold killed at several points loses no write', async () => {
  const tmp = await makeTempDir();
  const template = join(tmp.dir, 'template');
  let deleted: string;
  const env = { PAPER_SEARCH_API_KEYS: KEY };

  beforeAll(async () => {
    await ingest({ indexRoot: template, exactBelow: 0 });
    deleted = (JSON.parse((await readFile(SAMPLE, 'utf8')).split('\n')[0]) as { id: string }).id;
  });
  afterAll(() => tmp.cleanup());

  for (const [trial, point] of POINTS.entries()) {
    it(`kill ${point.group ? 'server and fold' : 'the server alone'} ${point.name}`, async () => {
      const root = join(tmp.dir, `trial-${trial}`);
      await cp(template, root, { recursive: true });
      const fold = ['--fold-writes-after', String(FOLD_AFTER)];
      const first = await startServe(root, fold, env);
      try {
        await ready(first);
        for (const i of [1, 2, 3]) expect((await post(first, written(i))).status).toBe(201);
        const removal = await fetch(first.url(`/papers/${encodeURIComponent(deleted)}`), {
          method: 'DELETE',
          headers: { Authorization: `Bearer ${KEY}` },
        });
        expect(removal.status).toBe(200);
        await until(() => point.reached(root) || current(root) === 'v000002');
        // A fold takes seconds: the build is always caught in progress (other moments are
        // short, and a kill just after them is as good a test).
        if (point.reached === building) expect(building(root)).toBe(true);
      } finally {
        await (point.group ? first.killGroup() : first.kill());
      }

      // Restarted: the log replays every acknowledged write, and writes go on.
      const second = await startServe(root, fold, env);
      try {
        await ready(second);
        await expectServed(second, [1, 2, 3], deleted);
        expect((await post(second, written(4))).status).toBe(201);
      } finally {
        await second.stop();
      }
      // An orphaned fold may still be finishing: the next one waits for its lock.
      await until(() => !lockHeld(root));
      expect(runCli(['fold', '--index', root]).status).toBe(0);
      const verify = runCli(['verify', '--index', root]);
      expect(verify.status, verify.stdout).toBe(0);

      const third = await startServe(root, [], env);
      try {
        await ready(third);
        await expectServed(third, [1, 2, 3, 4], deleted);
        const stats = (await (await fetch(third.url('/stats'))).json()) as { count: number };
        expect(stats.count).toBe(SAMPLE_SIZE - 1 + 4);
      } finally {
        await third.stop();
      }
    }, 240_000);
  }
});
