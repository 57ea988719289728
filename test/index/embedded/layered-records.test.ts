import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras, textHash } from '../../../src/corpus/paper.js';
import { SqliteRecords } from '../../../src/index/embedded/sqlite-records.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const paper = (id: string, title: string, extra: Partial<Paper> = {}): Paper => ({
  id,
  title,
  abstract: `${title} abstract text`,
  authors: ['Ada Lovelace'],
  categories: ['cs.LG'],
  published: '2023-04-01',
  url: null,
  ...noExtras(),
  ...extra,
});

const entry = (label: number, p: Paper) => ({
  label,
  paper: p,
  contentHash: contentHash(p),
  textHash: textHash(p),
});

/** Everything a store answers, for comparing a layered store with a single file. */
async function contents(records: SqliteRecords, ids: string[]) {
  const identities = [];
  for await (const identity of records.identities()) identities.push(identity);
  const pages = [];
  for await (const page of records.documents(7)) pages.push(page);
  return {
    count: await records.count(),
    nextLabel: records.nextLabel(),
    identities,
    pages,
    facets: [...records.facets()],
    checksum: await records.checksum(),
    byLabels: await records.byLabels([40, 3, 999, 0, 12, 61, 5]),
    byId: await Promise.all(ids.map((id) => records.find({ id }))),
    byDoi: await records.find({ doi: '10.1/P7' }),
    byArxiv: await records.find({ arxivId: 'ax-9' }),
    byTitle: await records.find({ title: 'paper  eleven' }),
    meta: [records.getMeta('model'), records.getMeta('extra')],
  };
}

describe('a records delta over a shared base file', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const base = join(tmp.dir, 'base.sqlite');
  const initial = Array.from({ length: 50 }, (_, i) =>
    entry(
      i,
      paper(`p${i}`, i === 11 ? 'Paper eleven' : `Paper ${i}`, {
        doi: `10.1/p${i}`,
        arxivId: `ax-${i}`,
      }),
    ),
  );
  const seed = SqliteRecords.open(base);
  await seed.put(initial);
  seed.setMeta('model', Buffer.from('fitted'));
  seed.db.seal();
  seed.close();
  const baseBytes = readFileSync(base);

  // The same changes applied to a whole copy and to a delta over the untouched base.
  const whole = join(tmp.dir, 'whole.sqlite');
  copyFileSync(base, whole);
  const single = SqliteRecords.open(whole);
  const layered = SqliteRecords.open(join(tmp.dir, 'delta.sqlite'), { base });
  for (const store of [single, layered]) {
    await store.put([
      entry(3, paper('p3', 'Paper 3, revised')),
      entry(50, paper('new-a', 'New A', { doi: '10.1/p7-new' })),
      entry(61, paper('new-b', 'New B')),
    ]);
    await store.remove([5, 7, 50]);
    // An id the base holds under another label moves: its old row must go.
    await store.put([entry(40, paper('p12', 'Paper 12 moved'))]);
    await store.put([entry(7, paper('p7', 'Paper 7 back', { doi: '10.1/p7' }))]);
    store.setMeta('extra', Buffer.from([1, 2]));
  }
  const ids = ['p0', 'p3', 'p5', 'p7', 'p12', 'new-a', 'new-b', 'p49'];

  it('answers every query as one file holding the same changes would', async () => {
    expect(layered.layered).toBe(true);
    const want = await contents(single, ids);
    expect(want.count).toBe(50 - 2 + 1);
    expect(await contents(layered, ids)).toEqual(want);
  });

  it('never writes the base file, and refuses a write aimed at it', async () => {
    expect(() => layered.db.handle.exec('DELETE FROM base.papers WHERE label = 1')).toThrow(
      /read-only/,
    );
    layered.db.seal();
    layered.close();
    expect(readFileSync(base).equals(baseBytes)).toBe(true);
  });

  it('opens read-only after sealing, with its delta share measured against the base', async () => {
    const reader = SqliteRecords.open(join(tmp.dir, 'delta.sqlite'), { readonly: true, base });
    expect(await contents(reader, ids)).toEqual(await contents(single, ids));
    // Rows held: 3, 7, 40, 61; labels hidden: 3, 5, 7, 12, 40, 50, 61; over 50 base rows.
    expect(reader.deltaShare()).toBeCloseTo(11 / 50);
    reader.close();
    single.close();
  });
});
