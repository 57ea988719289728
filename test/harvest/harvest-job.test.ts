import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { liveLoader } from '../helpers/live-index.js';
import { silentLog } from '../search/test-index.js';
import { arxivSource } from '../../src/harvest/harvest-source.js';
import { harvestStateOf, runHarvest } from '../../src/harvest/harvest-job.js';
import { PoliteClient } from '../../src/harvest/polite-http.js';
import type { Backend } from '../../src/index/backend.js';
import { openBackend } from '../../src/index/backends.js';
import { startTestPostgres, uniqueIndexName, type TestPostgres } from '../helpers/postgres.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { applySettings } from './apply-settings.js';
import { arxivReplies, FIRST_DAY, IDS, SECOND_DAY } from './arxiv-scenario.js';
import { replayServer, type ReplayServer } from './replay-server.js';

const silent = pino({ level: 'silent' });
const quick = { delayMs: 0, retries: 2, backoffMs: 1, maxRetryAfterMs: 1000 };

const kinds: Array<
  [string, () => Promise<{ open(): Promise<Backend>; cleanup(): Promise<void> }>]
> = [
  [
    'embedded',
    async () => {
      const tmp = await makeTempDir();
      return {
        open: () =>
          openBackend(
            { backend: 'embedded', index: join(tmp.dir, 'index') },
            { filterScanBelow: 2000, log: silent },
          ),
        cleanup: tmp.cleanup,
      };
    },
  ],
  [
    'postgres',
    async () => {
      const postgres: TestPostgres = await startTestPostgres();
      const index = uniqueIndexName('harvest');
      return {
        open: () =>
          openBackend({ backend: postgres.url, index }, { filterScanBelow: 2000, log: silent }),
        cleanup: postgres.stop,
      };
    },
  ],
];

describe.each(kinds)('harvest arxiv into the %s backend', (_kind, setUp) => {
  let server: ReplayServer;
  let target: Awaited<ReturnType<(typeof kinds)[number][1]>>;
  const backends: Backend[] = [];
  const lines: string[] = [];
  const open = async () => {
    const backend = await target.open();
    backends.push(backend);
    return backend;
  };
  const harvest = async (pagesPerUpdate = 1) => {
    const client = new PoliteClient(quick);
    return runHarvest({
      source: arxivSource(client, { endpoint: `${server.url}/oai`, set: 'physics:hep-th' }),
      index: applySettings(await open()),
      pagesPerUpdate,
      report: (line) => lines.push(line),
    });
  };

  beforeAll(async () => {
    server = await replayServer(arxivReplies);
    target = await setUp();
  }, 120_000);

  afterAll(async () => {
    for (const backend of backends) await backend.close();
    await server?.close();
    await target?.cleanup();
  });

  it('builds the index from nothing, following the resumption token, one update per page', async () => {
    const summary = await harvest();
    expect(server.requests.map((url) => url.searchParams.get('resumptionToken'))).toEqual([
      null,
      '6960524|1001',
    ]);
    expect(server.requests[0].searchParams.get('set')).toBe('physics:hep-th');
    expect(summary).toMatchObject({
      key: 'arxiv:physics:hep-th',
      pages: 2,
      records: 3,
      deletions: 0,
      diff: { added: 3, changed: 0, removed: 0, unchanged: 0 },
      versions: ['v000001', 'v000002'],
      state: { through: FIRST_DAY, resume: null, records: 3 },
    });
    const version = await (await open()).open();
    expect(version.manifest.count).toBe(3);
    const paper = await version.records.find({ id: IDS.hoehn });
    expect(paper).toMatchObject({
      title: 'Toolbox for reconstructing quantum theory from rules on information acquisition',
      authors: ['Philipp A Hoehn'],
      categories: ['quant-ph', 'gr-qc', 'hep-th', 'math-ph', 'math.MP', 'physics.hist-ph'],
      published: '2014-12-29',
      arxivId: IDS.hoehn,
      url: `https://arxiv.org/abs/${IDS.hoehn}`,
    });
    expect(paper?.abstract).toMatch(/^We develop an operational approach/);
    expect((await version.records.find({ id: IDS.castro }))?.venue).toBeNull();
    await version.close();
  });

  it('asks from the last datestamp next time and applies the new, changed and deleted records', async () => {
    server.requests.length = 0;
    const summary = await harvest();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].searchParams.get('from')).toBe(FIRST_DAY);
    expect(summary).toMatchObject({
      records: 3,
      deletions: 1,
      diff: { added: 1, changed: 1, removed: 1, unchanged: 0 },
      state: { through: SECOND_DAY, resume: null, records: 6 },
    });
    const version = await (await open()).open();
    expect(version.manifest.count).toBe(3);
    expect(await version.records.find({ id: IDS.correa })).toBeNull();
    expect(await version.records.find({ id: IDS.sergyeyev })).toMatchObject({
      authors: ['A. Sergyeyev'],
    });
    expect(await version.records.find({ id: IDS.castro })).toMatchObject({
      venue: 'J. Phys. A: Math. Theor. 51 (2018) 035201',
      doi: '10.1088/1751-8121/aa9c53',
    });
    expect(version.manifest.harvest?.['arxiv:physics:hep-th']).toMatchObject({
      through: SECOND_DAY,
    });
    await version.close();
  });

  it('shows the harvest state in /stats', async () => {
    const backend = await open();
    const holder = new IndexHolder(backend, liveLoader(backend));
    await holder.load();
    try {
      const app = createApp({ holder, log: silentLog, limits: { maxQueryChars: 1000 } });
      const res = await request(app).get('/stats').expect(200);
      expect(res.body.harvest).toEqual({
        'arxiv:physics:hep-th': {
          through: SECOND_DAY,
          interrupted: false,
          harvested_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          records: 6,
        },
      });
      expect(res.body.corpus.files).toEqual(['harvest arxiv:physics:hep-th']);
    } finally {
      await holder.close();
    }
  });

  it('publishes nothing for an empty answer (noRecordsMatch) and keeps the state', async () => {
    server.requests.length = 0;
    const backend = await open();
    const before = await backend.published();
    const summary = await harvest();
    expect(server.requests[0].searchParams.get('from')).toBe(SECOND_DAY);
    expect(summary).toMatchObject({ pages: 1, records: 0, versions: [] });
    expect(await backend.published()).toBe(before);
    expect(await harvestStateOf(backend, 'arxiv:physics:hep-th')).toMatchObject({
      through: SECOND_DAY,
    });
  });
});
