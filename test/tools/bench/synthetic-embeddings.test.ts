import { describe, expect, it } from 'vitest';
import { ClusteredEmbeddings, EMBEDDING_LIKE } from '../../../tools/bench/synthetic-embeddings.js';

const norms = (points: Float32Array, dims: number) =>
  Array.from({ length: points.length / dims }, (_, i) =>
    Math.hypot(...points.subarray(i * dims, (i + 1) * dims)),
  );

describe('ClusteredEmbeddings', () => {
  const generator = new ClusteredEmbeddings({ ...EMBEDDING_LIKE, seed: 3 });

  it('makes unit vectors of the stated width', () => {
    const points = generator.points('base', 200);
    expect(points.length).toBe(200 * 384);
    for (const norm of norms(points, 384)) expect(norm).toBeCloseTo(1, 5);
  });

  it('is reproducible from its seed, and a smaller set is a prefix of a larger one', () => {
    const again = new ClusteredEmbeddings({ ...EMBEDDING_LIKE, seed: 3 });
    const large = again.points('base', 300);
    expect(generator.points('base', 300)).toEqual(large);
    expect(generator.points('base', 100)).toEqual(large.subarray(0, 100 * 384));
  });

  it('draws queries and other seeds from other streams', () => {
    const base = generator.points('base', 10);
    expect(generator.points('queries', 10)).not.toEqual(base);
    expect(new ClusteredEmbeddings({ ...EMBEDDING_LIKE, seed: 4 }).points('base', 10)).not.toEqual(
      base,
    );
  });

  it('rejects a subspace wider than the vectors', () => {
    expect(
      () => new ClusteredEmbeddings({ ...EMBEDDING_LIKE, subspaceDims: 500, seed: 1 }),
    ).toThrow(RangeError);
  });
});
