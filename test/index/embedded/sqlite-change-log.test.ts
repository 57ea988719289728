import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { noExtras, type Paper } from '../../../src/corpus/paper.js';
import { EmbeddedBackend } from '../../../src/index/embedded/embedded-backend.js';
import { SqliteChangeLog } from '../../../src/index/embedded/sqlite-change-log.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const paper = (id: string, title = `Title ${id}`): Paper => ({
  id,
  title,
  abstract: `Abstract of ${id}.`,
  authors: ['A. Author'],
  categories: ['cs.LG'],
  published: '2024-01-02',
  url: null,
  ...noExtras(),
});

describe('SqliteChangeLog', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('numbers changes in order and returns them by range', async () => {
    const log = SqliteChangeLog.open(tmp.dir);
    expect(await log.lastSeq()).toBe(0);
    expect(await log.append({ op: 'upsert', paper: paper('a') })).toBe(1);
    expect(await log.append({ op: 'delete', id: 'b' })).toBe(2);
    expect(await log.append({ op: 'upsert', paper: paper('c') })).toBe(3);
    expect(await log.lastSeq()).toBe(3);
    expect((await log.between(0)).map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(await log.between(1, 2)).toEqual([{ seq: 2, change: { op: 'delete', id: 'b' } }]);
    expect((await log.between(0, 1))[0].change).toEqual({ op: 'upsert', paper: paper('a') });
    await log.close();
  });

  it('is durable across reopening, and never reuses a pruned sequence number', async () => {
    const log = SqliteChangeLog.open(tmp.dir);
    expect(await log.between(0)).toHaveLength(3);
    expect(await log.pruneThrough(3)).toBe(3);
    expect(await log.between(0)).toEqual([]);
    expect(await log.lastSeq()).toBe(3);
    expect(await log.append({ op: 'delete', id: 'a' })).toBe(4);
    await log.close();
  });

  it('fills the fields of papers logged before they existed', async () => {
    const other = await makeTempDir();
    const log = SqliteChangeLog.open(other.dir);
    const old: Partial<Paper> = paper('old');
    for (const key of ['doi', 'arxivId', 'venue', 'keywords'] as const) delete old[key];
    await log.append({ op: 'upsert', paper: old as Paper });
    expect((await log.between(0))[0].change).toEqual({ op: 'upsert', paper: paper('old') });
    await log.close();
    await other.cleanup();
  });

  it('is kept by the embedded backend only where a root can hold it', async () => {
    const other = await makeTempDir();
    const silent = pino({ level: 'silent' });
    expect(SqliteChangeLog.openIfExists(other.dir)).toBeNull();
    const version = join(other.dir, 'bare');
    await mkdir(version);
    await writeFile(join(version, 'manifest.json'), '{}');
    expect(
      await new EmbeddedBackend(version, { filterScanBelow: 0 }, silent).changeLog(),
    ).toBeNull();
    const readOnly = join(other.dir, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    const denied = await new EmbeddedBackend(readOnly, { filterScanBelow: 0 }, silent).changeLog();
    // Root may write anywhere; elsewhere a read-only root keeps no log.
    if (process.getuid?.() !== 0) expect(denied).toBeNull();
    await denied?.close();
    const log = await new EmbeddedBackend(other.dir, { filterScanBelow: 0 }, silent).changeLog();
    expect(log).not.toBeNull();
    await log?.close();
    await other.cleanup();
  });
});
