import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExactIndex } from '../../src/index/exact-index.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import { validateHnswParams } from '../../src/index/hnsw-params.js';
import { randomUnitVectors } from '../helpers/vectors.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('HnswIndex', async () => {
  const dims = 32;
  const vectors = randomUnitVectors(2000, dims, 3);
  const params = validateHnswParams({ efSearch: 128 });
  const index = HnswIndex.create(dims, 100, params);
  const exact = new ExactIndex(dims);
  vectors.forEach((v, label) => {
    index.add(label, v);
    exact.add(label, v);
  });
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('grows past its initial capacity and finds near-exact neighbours', () => {
    expect(index.size).toBe(2000);
    let hits = 0;
    for (const q of vectors.slice(0, 50)) {
      const truth = new Set(exact.search(q, 10).map((n) => n.label));
      hits += index.search(q, 10).filter((n) => truth.has(n.label)).length;
    }
    expect(hits / 500).toBeGreaterThan(0.95);
  });

  it('round-trips through a file with identical neighbours', async () => {
    const file = join(tmp.dir, 'vectors.hnsw');
    await index.save(file);
    const loaded = await HnswIndex.load(file, dims, params);
    expect(loaded.size).toBe(index.size);
    for (const q of vectors.slice(100, 120)) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    expect(Array.from(loaded.getVector(7)!)).toEqual(Array.from(index.getVector(7)!));
  });

  it('filters inside the graph search and honours deletions', () => {
    const filtered = index.search(vectors[5], 10, (label) => label % 7 === 0);
    expect(filtered).toHaveLength(10);
    expect(filtered.every((n) => n.label % 7 === 0)).toBe(true);
    const scores = filtered.map((n) => n.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const small = HnswIndex.create(dims, 10, params);
    vectors.slice(0, 10).forEach((v, label) => small.add(label, v));
    small.markDeleted(4);
    expect(small.size).toBe(9);
    expect(small.search(vectors[4], 9).map((n) => n.label)).not.toContain(4);
  });

  it('returns what exists when k exceeds the matches', () => {
    expect(index.search(vectors[0], 5, (label) => label < 3)).toHaveLength(3);
  });
});
