import { afterAll, describe, expect, it } from 'vitest';
import { ChangeLog, openServerChangeLog } from '../../src/changes/change-log.js';
import { noExtras, type Paper } from '../../src/corpus/paper.js';
import { makeTempDir } from '../helpers/temp-dir.js';

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

describe('ChangeLog', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('numbers changes in order and returns them by range', () => {
    const log = ChangeLog.open(tmp.dir);
    expect(log.lastSeq()).toBe(0);
    expect(log.append({ op: 'upsert', paper: paper('a') })).toBe(1);
    expect(log.append({ op: 'delete', id: 'b' })).toBe(2);
    expect(log.append({ op: 'upsert', paper: paper('c') })).toBe(3);
    expect(log.lastSeq()).toBe(3);
    expect(log.between(0).map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(log.between(1, 2)).toEqual([{ seq: 2, change: { op: 'delete', id: 'b' } }]);
    expect(log.between(0, 1)[0].change).toEqual({ op: 'upsert', paper: paper('a') });
    log.close();
  });

  it('is durable across reopening, and never reuses a pruned sequence number', () => {
    const log = ChangeLog.open(tmp.dir);
    expect(log.between(0)).toHaveLength(3);
    expect(log.pruneThrough(3)).toBe(3);
    expect(log.between(0)).toEqual([]);
    expect(log.lastSeq()).toBe(3);
    expect(log.append({ op: 'delete', id: 'a' })).toBe(4);
    log.close();
  });

  it('is only opened where a root can hold it', async () => {
    const other = await makeTempDir();
    expect(ChangeLog.openIfExists(other.dir)).toBeNull();
    const errors: unknown[] = [];
    expect(openServerChangeLog(`${other.dir}/missing/deeper`, (e) => errors.push(e))).toBeNull();
    expect(errors).toHaveLength(1);
    const log = openServerChangeLog(other.dir, (e) => errors.push(e));
    expect(log).not.toBeNull();
    log?.close();
    await other.cleanup();
  });
});
