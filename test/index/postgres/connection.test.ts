import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/index/postgres/connection.js';
import { PostgresUnavailableError } from '../../../src/index/postgres/errors.js';
import { PostgresBackend } from '../../../src/index/postgres/postgres-backend.js';
import { validateIndexName } from '../../../src/index/postgres/names.js';
import {
  closedPort,
  startPglite,
  startTestPostgres,
  TEST_PASSWORD,
  uniqueIndexName,
  type TestPostgres,
} from '../../helpers/postgres.js';
import { publishPapers, samplePapers } from './fixture.js';

/** Reaching the database: clear one-line failures, and credentials kept out of sight. */
async function failureOf(attempt: Promise<unknown>): Promise<Error> {
  try {
    await attempt;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

function capturedLog(): { log: pino.Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), text: () => lines.join('') };
}

describe('connection failures', () => {
  it('an unreachable server is one line naming the URL without its password', async () => {
    const port = await closedPort();
    const { log, text } = capturedLog();
    const url = `postgres://reader:${TEST_PASSWORD}@127.0.0.1:${port}/papers`;
    const failure = await failureOf(
      PostgresBackend.connect({ url, index: 'papers', attempts: 2, log }),
    );
    expect(failure).toBeInstanceOf(PostgresUnavailableError);
    expect(failure.message).toContain(
      `cannot reach PostgreSQL at postgres://reader@127.0.0.1:${port}/papers`,
    );
    expect(failure.message).not.toContain('\n');
    expect(text()).toContain('retrying');
    for (const shown of [failure.message, failure.stack ?? '', text()])
      expect(shown).not.toContain(TEST_PASSWORD);
  });

  it('rejects index names that are not plain identifiers', async () => {
    for (const bad of ['', 'Papers', '1st', 'a-b', 'x; DROP TABLE y', 'a'.repeat(41)]) {
      expect(() => validateIndexName(bad)).toThrow(/index name/);
    }
    await expect(
      PostgresBackend.connect({ url: 'postgres://u:p@127.0.0.1:1/db', index: 'bad name' }),
    ).rejects.toThrow(/index name "bad name" is not valid/);
    expect(() => redactUrl('mysql://u:p@h/db')).toThrow(/postgres:\/\//);
  });

  it('location and logs carry the URL without its password', () => {
    expect(
      redactUrl(`postgres://ingest:${TEST_PASSWORD}@db.internal:5433/papers?sslmode=require`),
    ).toBe('postgres://ingest@db.internal:5433/papers?sslmode=require');
    expect(redactUrl(`postgresql://u@h/db?password=${TEST_PASSWORD}`)).toBe('postgresql://u@h/db');
  });
});

describe('a server without pgvector', () => {
  let bare: TestPostgres;

  beforeAll(async () => {
    bare = await startPglite([]);
  });

  afterAll(async () => {
    await bare?.stop();
  });

  it('says how to install it, with the SQL that creates it', async () => {
    const failure = await failureOf(PostgresBackend.connect({ url: bare.url, index: 'papers' }));
    expect(failure).toBeInstanceOf(PostgresUnavailableError);
    expect(failure.message).toContain('CREATE EXTENSION vector;');
    expect(failure.message).toContain('postgres://postgres@127.0.0.1:');
    expect(failure.message).not.toContain(TEST_PASSWORD);
    expect(failure.message).not.toContain('\n');
  });
});

describe('a server that offers pgvector', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startTestPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('creates the extension and the schema on the first build, once', async () => {
    const index = uniqueIndexName('conn');
    const backend = await PostgresBackend.connect({ url: server.url, index, poolSize: 3 });
    try {
      expect(backend.location).not.toContain(TEST_PASSWORD);
      expect(backend.location).toMatch(
        /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$|^postgres/,
      );
      expect(await backend.versions()).toEqual([]);
      await publishPapers(backend, samplePapers(5));
      await publishPapers(backend, samplePapers(6));
      expect(await backend.versions()).toEqual(['v000001', 'v000002']);
    } finally {
      await backend.close();
    }
  });

  it('refuses an index written by a newer schema', async () => {
    const index = uniqueIndexName('conn');
    const backend = await PostgresBackend.connect({ url: server.url, index });
    try {
      await publishPapers(backend, samplePapers(3));
      const writer = await backend.checkpoints('fp', 2);
      await writer.close();
      const pg = (await import('pg')).default;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('UPDATE paper_search.indexes SET schema_version = 99 WHERE name = $1', [
        index,
      ]);
      await admin.end();
      await expect(backend.open()).rejects.toThrow(/schema version 99; this build reads up to \d+/);
    } finally {
      await backend.close();
    }
  });
});
