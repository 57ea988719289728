import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const KEY = 'serve-test-secret-5f1c0a';
const WRONG_KEY = 'wrong-guess-77d2e9';

/** The built CLI serving `root` on a free loopback port, its log collected. */
async function serve(root: string, env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--index', root, '--host', '127.0.0.1', '--port', '0'],
    {
      env: { ...process.env, LOG_LEVEL: 'trace', PAPER_SEARCH_API_KEYS: KEY, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    child.stderr?.on('data', () => {
      const match = /"port":(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  return { child, url, log: () => log };
}

async function versionServed(url: (path: string) => string): Promise<string | null> {
  const res = await fetch(url('/ready')).catch(() => null);
  return res?.ok ? ((await res.json()) as { index_version: string }).index_version : null;
}

async function until(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('serve: reloads and secrets', async () => {
  const tmp = await makeTempDir();
  const root = join(tmp.dir, 'index');
  beforeAll(async () => {
    await ingest({ indexRoot: root });
  });
  afterAll(() => tmp.cleanup());

  it('reloads on SIGHUP and after a rollback, and never logs an API key', async () => {
    const server = await serve(root);
    try {
      await until(async () => (await versionServed(server.url)) === 'v000001');
      const admin = (key: string) =>
        fetch(server.url('/admin/reload'), {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}` },
        });
      expect((await admin(WRONG_KEY)).status).toBe(401);
      expect(await (await admin(KEY)).json()).toMatchObject({
        previous: 'v000001',
        current: 'v000001',
        changed: false,
      });

      await ingest({ indexRoot: root });
      server.child.kill('SIGHUP');
      await until(async () => (await versionServed(server.url)) === 'v000002');

      const rolled = runCli(['rollback', '--index', root]);
      expect(rolled.status).toBe(0);
      expect(rolled.stdout).toMatch(/from v000002 to v000001/);
      expect((await readFile(join(root, 'CURRENT'), 'utf8')).trim()).toBe('v000001');
      server.child.kill('SIGHUP');
      await until(async () => (await versionServed(server.url)) === 'v000001');
    } finally {
      await stop(server.child);
    }
    const log = server.log();
    expect(log).toMatch(/index reloaded/);
    expect(log).toMatch(/"trigger":"SIGHUP"/);
    expect(log).not.toContain(KEY);
    expect(log).not.toContain(WRONG_KEY);
  });

  it('with PAPER_SEARCH_WATCH_INDEX, follows the pointer by itself', async () => {
    const server = await serve(root, {
      PAPER_SEARCH_WATCH_INDEX: 'true',
      PAPER_SEARCH_WATCH_DEBOUNCE_MS: '100',
    });
    try {
      await until(async () => (await versionServed(server.url)) === 'v000001');
      const summary = await ingest({ indexRoot: root, inputs: [SAMPLE] });
      await until(async () => (await versionServed(server.url)) === summary.version);
    } finally {
      await stop(server.child);
    }
    expect(server.log()).toMatch(/"trigger":"watch"/);
  });
});
