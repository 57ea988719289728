import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras } from '../../src/corpus/paper.js';
import { SqlitePaperStore } from '../../src/index/sqlite-paper-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

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

describe('SqlitePaperStore', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const file = join(tmp.dir, 'papers.sqlite');
  const store = SqlitePaperStore.open(file);
  const a = paper('a', 'Graph neural networks');
  const b = paper('b', 'Quantized transformers', { published: null, categories: ['cs.CL', 'cs.LG'] });
  store.transaction(() => {
    store.putPaper(0, a, contentHash(a));
    store.putPaper(1, b, contentHash(b));
  });

  it('stores and returns papers by id and by labels in the order asked', () => {
    expect(store.count).toBe(2);
    expect(store.getById('b')).toMatchObject({ ...b, label: 1, contentHash: contentHash(b) });
    expect(store.getById('zzz')).toBeNull();
    expect(store.getByLabels([1, 0, 9]).map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('replaces a paper under the same label', () => {
    const changed = { ...a, title: 'Graph neural networks, revised' };
    store.putPaper(0, changed, contentHash(changed));
    expect(store.count).toBe(2);
    expect(store.getById('a')?.title).toBe('Graph neural networks, revised');
  });

  it('exposes filter facts with the year parsed', () => {
    const facts = [...store.filterFacts()].sort((x, y) => x.label - y.label);
    expect(facts).toEqual([
      { label: 0, year: 2023, categories: ['cs.LG'], authors: ['Ada Lovelace'] },
      { label: 1, year: null, categories: ['cs.CL', 'cs.LG'], authors: ['Ada Lovelace'] },
    ]);
  });

  it('keeps embeddings by content hash and joins them to papers', () => {
    const vector = Float32Array.from([0.6, 0.8]);
    store.putEmbedding(contentHash(b), vector);
    expect(Array.from(store.getEmbedding(contentHash(b), 2)!)).toEqual(Array.from(vector));
    expect(() => store.getEmbedding(contentHash(b), 3)).toThrow(/2 dimensions, expected 3/);
    expect([...store.vectors(2)].map((v) => v.label)).toEqual([1]);
    store.putEmbedding('orphan', vector);
    expect(store.pruneEmbeddings()).toBe(1);
  });

  it('pages papers in label order and checksums content', () => {
    expect([...store.papersInLabelOrder(1)].map((page) => page.map((p) => p.id))).toEqual([['a'], ['b']]);
    const before = store.corpusChecksum();
    store.putPaper(1, { ...b, abstract: 'other' }, 'other-hash');
    expect(store.corpusChecksum()).not.toBe(before);
  });

  it('keeps metadata blobs and seals into a read-only-openable file', () => {
    store.setMeta('k', Buffer.from([1, 2, 3]));
    expect(store.getMeta('k')).toEqual(Buffer.from([1, 2, 3]));
    store.seal();
    store.close();
    const reader = SqlitePaperStore.open(file, { readonly: true });
    expect(reader.count).toBe(2);
    reader.close();
  });
});
