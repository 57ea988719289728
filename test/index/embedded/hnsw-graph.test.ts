import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExactGraph } from '../../../src/index/exact-graph.js';
import { HnswGraph } from '../../../src/index/embedded/hnsw-graph.js';
import { validateHnswParams } from '../../../src/index/hnsw-params.js';
import { randomUnitVectors } from '../../helpers/vectors.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('HnswGraph', async () => {
  const dims = 32;
  const vectors = randomUnitVectors(2000, dims, 3);
  const params = validateHnswParams({ efSearch: 128 });
  const index = HnswGraph.create(dims, 100, params);
  const exact = new ExactGraph(dims);
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
    const loaded = await HnswGraph.load(file, dims, params, index.size);
    expect(loaded.size).toBe(index.size);
    for (const q of vectors.slice(100, 120))
      expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    expect(Array.from(loaded.getVector(7)!)).toEqual(Array.from(index.getVector(7)!));
  });

  it('filters inside the graph search and honours deletions', () => {
    const filtered = index.search(vectors[5], 10, (label) => label % 7 === 0);
    expect(filtered).toHaveLength(10);
    expect(filtered.every((n) => n.label % 7 === 0)).toBe(true);
    const scores = filtered.map((n) => n.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const small = HnswGraph.create(dims, 10, params);
    vectors.slice(0, 10).forEach((v, label) => small.add(label, v));
    small.markDeleted(4);
    expect(small.size).toBe(9);
    expect(small.search(vectors[4], 9).map((n) => n.label)).not.toContain(4);
  });

  it('returns what exists when k exceeds the matches', () => {
    expect(index.search(vectors[0], 5, (label) => label < 3)).toHaveLength(3);
  });

  it('updates in place: replaces a live vector, reuses deleted slots, keeps searching exactly', async () => {
    const graph = HnswGraph.create(dims, 200, params);
    vectors.slice(0, 200).forEach((v, label) => graph.add(label, v));
    // Replace label 3's vector with paper 500's, delete ten labels, add ten new ones.
    graph.add(3, vectors[500]);
    for (let label = 10; label < 20; label++) graph.markDeleted(label);
    expect(graph.deletedSlots).toBe(10);
    for (let i = 0; i < 10; i++) graph.add(1000 + i, vectors[1000 + i]);
    expect(graph.deletedSlots).toBe(0);
    expect(graph.size).toBe(200);
    expect(graph.search(vectors[500], 1)[0]).toMatchObject({ label: 3 });
    expect(graph.search(vectors[1005], 1)[0]).toMatchObject({ label: 1005 });
    expect(graph.getVector(12)).toBeNull();
    for (let label = 10; label < 20; label++)
      expect(graph.search(vectors[label], 5).map((n) => n.label)).not.toContain(label);

    // Carried through a file, as an update carries its base: the same answers, more adds work.
    const file = join(tmp.dir, 'updated.hnsw');
    await graph.save(file);
    const carried = await HnswGraph.load(file, dims, params, graph.size);
    carried.add(4, vectors[600]);
    carried.add(2000, vectors[1500]);
    expect(carried.size).toBe(201);
    expect(carried.search(vectors[600], 1)[0]).toMatchObject({ label: 4 });
    expect(carried.search(vectors[1500], 1)[0]).toMatchObject({ label: 2000 });
  });
});
