import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarvest } from '../../src/harvest/harvest-job.js';
import { openAlexSource } from '../../src/harvest/harvest-source.js';
import { PoliteClient } from '../../src/harvest/polite-http.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { applySettings } from './apply-settings.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { replayServer, type ReplayServer } from './replay-server.js';

const silent = pino({ level: 'silent' });

/** The work objects of the OpenAlex works page among the corpus fixtures. */
const works = (
  JSON.parse(
    readFileSync(new URL('../fixtures/corpus/openalex-works-page.json', import.meta.url), 'utf8'),
  ) as { results: Array<Record<string, unknown>> }
).results;

/** A `/works` page under cursor paging, in the envelope OpenAlex sends. */
function worksPage(results: unknown[], nextCursor: string | null, count: number): string {
  return JSON.stringify({
    meta: {
      count,
      db_response_time_ms: 12,
      page: null,
      per_page: 200,
      next_cursor: nextCursor,
      groups_count: null,
    },
    results,
    group_by: [],
  });
}

const updated = (work: Record<string, unknown>, date: string) => ({ ...work, updated_date: date });
const [entropy, nematics, frontMatter] = works;

describe('harvest openalex', async () => {
  const tmp = await makeTempDir();
  let server: ReplayServer;
  let malformed = false;

  beforeAll(async () => {
    server = await replayServer((url) => {
      const cursor = url.searchParams.get('cursor');
      const filter = url.searchParams.get('filter') ?? '';
      if (filter.includes('from_updated_date:2024-03-02')) {
        const revised = { ...nematics, title: 'Phase diagram of Gaussian-core nematics (revised)' };
        return { body: worksPage([updated(revised, '2024-03-05T08:00:00.000000')], null, 1) };
      }
      if (cursor === '*') {
        return {
          body: worksPage(
            [
              updated(entropy, '2024-03-01T10:11:12.123456'),
              updated(frontMatter, '2024-03-01T00:00:00'),
            ],
            'IlsxNzA5Mjk0NDAwMDAwXSI=',
            3,
          ),
        };
      }
      if (malformed) return { body: '{"meta": {"count": 3}, "results": [{"id": ' };
      return { body: worksPage([updated(nematics, '2024-03-02T09:00:00.000000')], null, 3) };
    });
  });
  afterAll(async () => {
    await server?.close();
    await tmp.cleanup();
  });

  const harvest = (root: string, from?: string) => {
    const lines: string[] = [];
    const settings = applySettings(embeddedBackend(root, silent));
    return {
      lines,
      run: runHarvest({
        source: openAlexSource(
          new PoliteClient({ delayMs: 0, retries: 0, backoffMs: 1, maxRetryAfterMs: 10 }),
          {
            endpoint: server.url,
            filter: 'primary_topic.field.id:31',
            mailto: 'harvest@example.org',
            perPage: 200,
          },
        ),
        index: settings,
        from,
        pagesPerUpdate: 5,
        report: (line) => lines.push(line),
      }).finally(() => settings.backend.close()),
    };
  };

  it('pages by cursor with the filter and mailto, maps works as the OpenAlex reader does, skips what it cannot use', async () => {
    const root = join(tmp.dir, 'openalex');
    const { run, lines } = harvest(root);
    const summary = await run;
    const [first, second] = server.requests;
    expect(first.pathname).toBe('/works');
    expect(Object.fromEntries(first.searchParams)).toEqual({
      filter: 'primary_topic.field.id:31',
      'per-page': '200',
      cursor: '*',
      mailto: 'harvest@example.org',
    });
    expect(second.searchParams.get('cursor')).toBe('IlsxNzA5Mjk0NDAwMDAwXSI=');
    expect(summary).toMatchObject({
      key: 'openalex:primary_topic.field.id:31',
      pages: 2,
      records: 2,
      skipped: 1,
      diff: { added: 2 },
      state: { through: '2024-03-02', resume: null },
    });
    expect(lines).toContain('page 1: skipped W3000000001: missing abstract');

    const backend = embeddedBackend(root, silent);
    const version = await backend.open();
    expect(await version.records.find({ id: '0704.0046' })).toMatchObject({
      title: 'A limit relation for entropy and channel capacity per unit cost',
      doi: '10.1063/1.2779138',
    });
    await version.close();
    await backend.close();

    server.requests.length = 0;
    const next = await harvest(root).run;
    expect(server.requests[0].searchParams.get('filter')).toBe(
      'primary_topic.field.id:31,from_updated_date:2024-03-02',
    );
    expect(next).toMatchObject({
      diff: { added: 0, changed: 1 },
      state: { through: '2024-03-05' },
    });
  });

  it('fails on malformed JSON naming the page, and applies nothing of that batch', async () => {
    const root = join(tmp.dir, 'malformed');
    malformed = true;
    await expect(harvest(root).run).rejects.toThrow(
      /^page 2 \(http:\/\/127\.0\.0\.1:\d+\/works\?.*cursor=IlsxNzA5Mjk0NDAwMDAwXSI%3D&mailto=%E2%80%A6\): malformed JSON/,
    );
    malformed = false;
    const backend = embeddedBackend(root, silent);
    expect(await backend.published()).toBeNull();
    await backend.close();
  });
});
