import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras } from '../../src/corpus/paper.js';
import { OverlayStore } from '../../src/index/overlay-store.js';
import { SqlitePaperStore } from '../../src/index/sqlite-paper-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const paper = (id: string, title: string, year = 2020): Paper => ({
  id,
  title,
  abstract: `${title} studied in depth.`,
  authors: [],
  categories: ['cs.LG'],
  published: `${year}-01-01`,
  url: null,
  ...noExtras(),
});

const vector = (x: number) => Float32Array.from([x, 1 - x]);

describe('OverlayStore', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let base: SqlitePaperStore;
  let overlay: OverlayStore;

  beforeAll(async () => {
    tmp = await makeTempDir();
    base = SqlitePaperStore.open(join(tmp.dir, 'papers.sqlite'));
    const papers = [paper('a', 'Graph networks'), paper('b', 'Protein folding'), paper('c', 'Graph kernels')];
    papers.forEach((p, label) => base.putPaper(label, p, contentHash(p)));
    overlay = new OverlayStore(base, base.maxLabel() + 1);
  });

  afterAll(async () => {
    overlay.close();
    base.close();
    await tmp.cleanup();
  });

  it('adds a paper under a fresh label above the base', () => {
    const added = paper('d', 'Graph transformers', 2024);
    expect(overlay.upsert(added, contentHash(added), vector(0.5))).toEqual({ label: 3, replaced: null });
    expect(overlay.count).toBe(4);
    expect(overlay.getById('d')?.title).toBe('Graph transformers');
    expect(overlay.getByLabels([3, 0]).map((p) => p.id)).toEqual(['d', 'a']);
    expect([...overlay.vectors(2)].find((v) => v.label === 3)?.vector).toEqual(vector(0.5));
  });

  it('replaces a base paper: its old label is hidden everywhere', () => {
    const changed = paper('a', 'Graph networks, revised', 2021);
    expect(overlay.upsert(changed, contentHash(changed), vector(0.1))).toEqual({ label: 4, replaced: 0 });
    expect(overlay.count).toBe(4);
    expect(overlay.getById('a')?.label).toBe(4);
    expect(overlay.getByLabels([0, 4]).map((p) => p.label)).toEqual([4]);
    expect([...overlay.filterFacts()].map((f) => f.label).sort()).toEqual([1, 2, 3, 4]);
    expect([...overlay.pendingFilterFacts()].map((f) => f.label)).toEqual([3, 4]);
  });

  it('full-text matches merge both stores, without hidden papers', () => {
    const options = { limit: 10, weights: { title: 2, abstract: 1 } };
    const labels = overlay.matchText('"graph"', options).map((m) => m.label);
    expect(labels.sort()).toEqual([2, 3, 4]);
    expect(overlay.matchText('"graph"', { ...options, labels: [0, 2, 3] }).map((m) => m.label).sort()).toEqual([2, 3]);
    expect(overlay.matchText('"graph"', { ...options, limit: 1 })).toHaveLength(1);
    expect(overlay.countTextMatches('"graph"')).toBeGreaterThanOrEqual(3);
  });

  it('removes base and pending papers, reporting the label each had', () => {
    expect(overlay.remove('b')).toBe(1);
    expect(overlay.remove('d')).toBe(3);
    expect(overlay.remove('d')).toBeNull();
    expect(overlay.remove('nope')).toBeNull();
    expect(overlay.getById('b')).toBeNull();
    expect(overlay.count).toBe(2);
    expect(overlay.pendingCount).toBe(1);
  });
});
