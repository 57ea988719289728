import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras, textHash } from '../../../src/corpus/paper.js';
import { SqliteCheckpoints } from '../../../src/index/embedded/sqlite-checkpoints.js';
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

describe('SqliteRecords', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const file = join(tmp.dir, 'papers.sqlite');
  const records = SqliteRecords.open(file);
  const a = paper('a', 'Graph neural networks', { doi: '10.1000/ABC.1', arxivId: '2101.00001' });
  const b = paper('b', 'Quantized transformers', {
    published: null,
    categories: ['cs.CL', 'cs.LG'],
    venue: 'NeurIPS',
    keywords: ['quantization'],
  });
  await records.put([entry(0, a), entry(1, b)]);

  it('stores and returns papers by id, DOI, arXiv id, title and labels in the order asked', async () => {
    expect(await records.count()).toBe(2);
    expect(await records.find({ id: 'b' })).toEqual({
      ...b,
      label: 1,
      contentHash: contentHash(b),
      textHash: textHash(b),
    });
    expect(await records.find({ id: 'zzz' })).toBeNull();
    expect((await records.find({ doi: '10.1000/abc.1' }))?.id).toBe('a');
    expect((await records.find({ arxivId: '2101.00001' }))?.id).toBe('a');
    expect((await records.find({ title: 'quantized  TRANSFORMERS' }))?.id).toBe('b');
    expect((await records.byLabels([1, 0, 9])).map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('replaces a paper under the same label and removes labels', async () => {
    const changed = { ...a, title: 'Graph neural networks, revised' };
    await records.put([entry(0, changed)]);
    expect(await records.count()).toBe(2);
    expect((await records.find({ id: 'a' }))?.title).toBe('Graph neural networks, revised');
    await records.put([entry(2, paper('c', 'Third'))]);
    await records.remove([2]);
    expect(await records.find({ id: 'c' })).toBeNull();
    expect(records.nextLabel()).toBe(2);
  });

  it('lists identities and facets in label order, pages documents, and checksums content', async () => {
    const identities = [];
    for await (const identity of records.identities()) identities.push(identity.id);
    expect(identities).toEqual(['a', 'b']);
    expect([...records.facets()].map((f) => [f.label, f.published, f.categories])).toEqual([
      [0, '2023-04-01', ['cs.LG']],
      [1, null, ['cs.CL', 'cs.LG']],
    ]);
    const pages = [];
    for await (const page of records.documents(1)) pages.push(page.map((d) => d.label));
    expect(pages).toEqual([[0], [1]]);
    const before = await records.checksum();
    await records.put([entry(1, { ...b, abstract: 'other' })]);
    expect(await records.checksum()).not.toBe(before);
  });

  it('keeps metadata blobs and seals into a read-only-openable file', async () => {
    records.setMeta('k', Buffer.from([1, 2, 3]));
    expect(records.getMeta('k')).toEqual(Buffer.from([1, 2, 3]));
    records.db.seal();
    records.close();
    const reader = SqliteRecords.open(file, { readonly: true });
    expect(await reader.count()).toBe(2);
    reader.close();
  });
});

describe('SqliteCheckpoints', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('keeps vectors by text hash per embedder, and prunes what no kept version uses', async () => {
    const file = join(tmp.dir, 'checkpoints.sqlite');
    const store = SqliteCheckpoints.open(file, 'fp-1', 2);
    const vector = Float32Array.from([0.6, 0.8]);
    await store.put([
      { textHash: 'h1', vector },
      { textHash: 'h2', vector },
    ]);
    expect([...(await store.get(['h1', 'h3'])).keys()]).toEqual(['h1']);
    expect(Array.from((await store.get(['h2'])).get('h2') as Float32Array)).toEqual(
      Array.from(vector),
    );
    const other = SqliteCheckpoints.open(file, 'fp-2', 2);
    expect((await other.get(['h1'])).size).toBe(0);

    const version = join(tmp.dir, 'papers.sqlite');
    const records = SqliteRecords.open(version);
    await records.put([{ label: 0, paper: paper('x', 'X'), contentHash: 'c', textHash: 'h2' }]);
    records.close();
    expect(store.prune([{ fingerprint: 'fp-1', recordsFile: version }])).toBe(1);
    expect([...(await store.get(['h1', 'h2'])).keys()]).toEqual(['h2']);
    await store.close();
    await other.close();
  });
});
