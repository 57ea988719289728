import { describe, expect, it } from 'vitest';
import {
  pcaDimension,
  twoNnDimension,
  twoNnFromRatios,
} from '../../../tools/bench/intrinsic-dimension.js';
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

describe('intrinsic dimension', () => {
  it('finds the dimension of a sphere in a known subspace', async () => {
    // One wide Gaussian in a 9-dimensional subspace, normalised: the unit sphere S^8.
    const sphere = new ClusteredEmbeddings({
      dims: 64,
      subspaceDims: 9,
      clusters: 1,
      clusterSpread: 30,
      noise: 0,
      seed: 5,
    }).points('base', 4000);
    const twoNn = await twoNnDimension(sphere, 64, 1000);
    expect(twoNn).toBeGreaterThan(7);
    expect(twoNn).toBeLessThan(9.5);
    const pca = pcaDimension(sphere, 64, 0.9);
    expect(pca).toBeGreaterThanOrEqual(8);
    expect(pca).toBeLessThanOrEqual(9);
  });

  it('puts the embedding-like generator far below its 384 dimensions', async () => {
    const points = new ClusteredEmbeddings({ ...EMBEDDING_LIKE, seed: 2 }).points('base', 5000);
    expect(await twoNnDimension(points, 384, 1000)).toBeLessThan(48);
    expect(pcaDimension(points, 384, 0.9)).toBeLessThanOrEqual(EMBEDDING_LIKE.subspaceDims);
  });

  it('computes the TwoNN estimate from distance ratios', () => {
    // For mu = e^(1/d) exactly, the estimate is (n - 1) / (n / d).
    const ratios = Array.from({ length: 101 }, () => Math.exp(1 / 4));
    expect(twoNnFromRatios(ratios)).toBeCloseTo((100 * 4) / 101);
    expect(twoNnFromRatios([])).toBeNaN();
  });
});
