import { describe, expect, it } from 'vitest';
import { ExactGraph } from '../../src/index/exact-graph.js';
import { dot, randomUnitVectors } from '../helpers/vectors.js';

describe('ExactGraph', () => {
  const vectors = randomUnitVectors(300, 16, 7);
  const index = new ExactGraph(16, 4);
  vectors.forEach((v, label) => index.add(label, v));

  it('returns the true top k by inner product, best first', () => {
    const query = vectors[42];
    const expected = vectors
      .map((v, label) => ({ label, score: dot(v, query) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const got = index.search(query, 10);
    expect(got.map((n) => n.label)).toEqual(expected.map((n) => n.label));
    expect(got[0]).toMatchObject({ label: 42 });
    expect(got[0].score).toBeCloseTo(1, 5);
  });

  it('applies the filter and deletion', () => {
    const even = index.search(vectors[3], 20, (label) => label % 2 === 0);
    expect(even).toHaveLength(20);
    expect(even.every((n) => n.label % 2 === 0)).toBe(true);
    const copy = new ExactGraph(16);
    vectors.slice(0, 5).forEach((v, label) => copy.add(label, v));
    copy.markDeleted(2);
    expect(copy.size).toBe(4);
    expect(copy.search(vectors[2], 5).map((n) => n.label)).not.toContain(2);
    expect(copy.getVector(2)).toBeNull();
  });

  it('replaces a vector added twice under one label', () => {
    const small = new ExactGraph(16);
    small.add(1, vectors[0]);
    small.add(1, vectors[1]);
    expect(small.size).toBe(1);
    expect(Array.from(small.getVector(1)!)).toEqual(Array.from(vectors[1]));
  });

  it('rejects vectors of the wrong dimension', () => {
    expect(() => index.search(new Float32Array(3), 1)).toThrow(/3 dimensions, index expects 16/);
  });
});
