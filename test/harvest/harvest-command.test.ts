import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../src/index/backends.js';
import { CLI, runCliAsync } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import {
  ARXIV_TOKEN,
  arxivReplies,
  FIRST_DAY,
  IDS,
  SECOND_DAY,
  secondPage,
} from './arxiv-scenario.js';
import { replayServer, type Reply, type ReplayServer } from './replay-server.js';

const silent = pino({ level: 'silent' });

async function publishedManifest(root: string) {
  const backend = embeddedBackend(root, silent);
  try {
    const name = await backend.published();
    return name ? { name, ...(await backend.manifest(name)) } : null;
  } finally {
    await backend.close();
  }
}

async function ids(root: string): Promise<string[]> {
  const backend = embeddedBackend(root, silent);
  const version = await backend.open();
  try {
    const found = await Promise.all(
      Object.values(IDS).map(async (id) => ((await version.records.find({ id })) ? id : null)),
    );
    return found.filter((id): id is string => id !== null).sort();
  } finally {
    await version.close();
    await backend.close();
  }
}

describe('paper-search harvest arxiv', async () => {
  const tmp = await makeTempDir();
  let server: ReplayServer;
  /** Replies by the scenario, or by a test's own rule when one is set. */
  let override: ((url: URL) => Reply | null) | null = null;
  let busyOnce = true;

  beforeAll(async () => {
    server = await replayServer((url) => {
      const own = override?.(url);
      if (own) return own;
      if (busyOnce) {
        busyOnce = false;
        return { status: 503, headers: { 'retry-after': '0' }, body: 'Retry after 0 seconds' };
      }
      return arxivReplies(url);
    });
  });
  afterAll(async () => {
    await server?.close();
    await tmp.cleanup();
  });

  const args = (root: string, ...more: string[]) => [
    'harvest',
    'arxiv',
    '--endpoint',
    `${server.url}/oai`,
    '--set',
    'physics:hep-th',
    '--index',
    root,
    '--embedder',
    'lexical',
    '--delay',
    '0',
    '--backoff',
    '1',
    ...more,
  ];

  it('builds an index from a local OAI-PMH server, then applies the next day from the last datestamp', async () => {
    const root = join(tmp.dir, 'cli');
    const first = await runCliAsync(args(root));
    expect(first.stderr).toMatch(/waiting 0\.0 s: HTTP 503/);
    expect(first.stderr).toMatch(/page 1: 2 records \(0 deletions\), more to come/);
    expect(first.stderr).toMatch(/page 2: 1 records \(0 deletions\), the last/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/added 3, changed 0, removed 0, unchanged 0/);
    expect(first.stdout).toMatch(/published v000001/);

    server.requests.length = 0;
    const second = await runCliAsync(args(root));
    expect(second.status).toBe(0);
    expect(server.requests[0].searchParams.get('from')).toBe(FIRST_DAY);
    expect(second.stdout).toMatch(/added 1, changed 1, removed 1, unchanged 0/);
    expect(await ids(root)).toEqual([IDS.sergyeyev, IDS.hoehn, IDS.castro].sort());

    const status = await runCliAsync(args(root, '--status'));
    expect(status.stdout).toContain(
      `arxiv:physics:hep-th: through ${SECOND_DAY}, 6 record(s) applied`,
    );
    expect(status.stdout).toContain(`next run asks from ${SECOND_DAY}`);
  });

  it('resumes after a kill between pages without losing or repeating papers', async () => {
    const root = join(tmp.dir, 'killed');
    // The second page never comes: the harvester is killed while waiting for it.
    let asked: () => void = () => {};
    const secondAsked = new Promise<void>((resolve) => (asked = resolve));
    override = (url) => {
      if (url.searchParams.get('resumptionToken') !== ARXIV_TOKEN) return null;
      asked();
      return 'hang';
    };
    const child = spawn(process.execPath, [CLI, ...args(root, '--pages-per-update', '1')], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await secondAsked;
    child.kill('SIGKILL');
    await exited;

    const interrupted = await publishedManifest(root);
    expect(interrupted?.count).toBe(2);
    expect(interrupted?.harvest?.['arxiv:physics:hep-th']).toMatchObject({
      through: null,
      resume: { token: ARXIV_TOKEN, from: null },
      records: 2,
    });

    override = null;
    server.requests.length = 0;
    const resumed = await runCliAsync(args(root));
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming an interrupted harvest/);
    expect(server.requests.map((url) => url.searchParams.get('resumptionToken'))).toEqual([
      ARXIV_TOKEN,
    ]);
    expect(resumed.stdout).toMatch(/added 1, changed 0, removed 0, unchanged 0/);
    const manifest = await publishedManifest(root);
    expect(manifest?.count).toBe(3);
    expect(manifest?.harvest?.['arxiv:physics:hep-th']).toMatchObject({
      through: FIRST_DAY,
      resume: null,
      records: 3,
    });
  });

  it('fails on a malformed page naming it, applying nothing of it', async () => {
    const root = join(tmp.dir, 'malformed');
    override = (url) =>
      url.searchParams.get('resumptionToken') === ARXIV_TOKEN
        ? { body: secondPage().slice(0, secondPage().indexOf('</title>')) }
        : null;
    const result = await runCliAsync(args(root, '--pages-per-update', '1'));
    override = null;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /paper-search: page 2 \(http:\/\/127\.0\.0\.1:\d+\/oai\?verb=ListRecords&resumptionToken=6960524%7C1001\): malformed XML/,
    );
    const manifest = await publishedManifest(root);
    expect(manifest?.count).toBe(2);
    expect(manifest?.harvest?.['arxiv:physics:hep-th']?.resume?.token).toBe(ARXIV_TOKEN);
  });

  it('asks the window again when a kept token has expired', async () => {
    const root = join(tmp.dir, 'malformed');
    // The token kept by the failed run above is refused once, then the window is asked again.
    let refused = false;
    override = (url) => {
      if (url.searchParams.get('resumptionToken') === ARXIV_TOKEN && !refused) {
        refused = true;
        return {
          body: (
            arxivReplies(new URL('http://x/oai?verb=ListRecords&resumptionToken=stale')) as {
              body: string;
            }
          ).body,
        };
      }
      return null;
    };
    server.requests.length = 0;
    const result = await runCliAsync(args(root));
    override = null;
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/badResumptionToken.*asking the window again from the beginning/);
    expect(server.requests.map((url) => url.searchParams.get('resumptionToken'))).toEqual([
      ARXIV_TOKEN,
      null,
      ARXIV_TOKEN,
    ]);
    expect(result.stdout).toMatch(/added 1, changed 0, removed 0, unchanged 2/);
    expect((await publishedManifest(root))?.count).toBe(3);
  });

  it('writes a change list with --out that ingest --update --changes applies', async () => {
    const out = join(tmp.dir, 'day.jsonl');
    const result = await runCliAsync([
      'harvest',
      'arxiv',
      '--endpoint',
      `${server.url}/oai`,
      '--set',
      'physics:hep-th',
      '--from',
      FIRST_DAY,
      '--out',
      out,
      '--delay',
      '0',
    ]);
    expect(result.status).toBe(0);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({ id: IDS.correa, deleted: true });
    expect(lines[0]).toMatchObject({ id: IDS.sergyeyev, authors: ['A. Sergyeyev'] });

    const root = join(tmp.dir, 'cli');
    const applied = await runCliAsync([
      'ingest',
      '--index',
      root,
      '--embedder',
      'lexical',
      '--update',
      '--changes',
      out,
    ]);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/added 0, changed 0, unchanged 3, removed 0/);
  });
});
