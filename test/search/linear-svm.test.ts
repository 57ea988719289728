import { describe, expect, it } from 'vitest';
import { l2Normalize } from '../../src/embed/pooling.js';
import { mulberry32 } from '../../src/util/prng.js';
import { dot } from '../../src/embed/dot.js';
import { trainLinearSvm } from '../../src/search/linear-svm.js';

/** Unit vectors scattered around a direction: `spread` is the noise per dimension. */
function cluster(centre: number[], count: number, spread: number, seed: number): Float32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () =>
    l2Normalize(Float32Array.from(centre, (c) => c + (random() - 0.5) * spread)),
  );
}

const score = (model: ReturnType<typeof trainLinearSvm>, x: Float32Array) =>
  dot(x, model.weights) + model.bias;

describe('trainLinearSvm', () => {
  it('separates three positives from a thousand negatives, and generalises to their cluster', () => {
    const dims = 16;
    const towards = (axis: number) =>
      Array.from({ length: dims }, (_, d) => (d === axis ? 1 : 0.1));
    const positives = cluster(towards(0), 3, 0.3, 1);
    const negatives = [1, 2, 3, 4].flatMap((axis) => cluster(towards(axis), 250, 0.6, axis + 10));
    const model = trainLinearSvm(positives, negatives);
    expect(model.weights).toHaveLength(dims);
    for (const x of positives) expect(score(model, x)).toBeGreaterThan(0);
    const unseen = cluster(towards(0), 20, 0.3, 99);
    const others = cluster(towards(2), 20, 0.6, 98);
    const worstUnseen = Math.min(...unseen.map((x) => score(model, x)));
    const bestOther = Math.max(...others.map((x) => score(model, x)));
    expect(worstUnseen).toBeGreaterThan(bestOther);
  });

  it('is reproducible, and refuses a class with no samples', () => {
    const positives = cluster([1, 0, 0], 2, 0.2, 1);
    const negatives = cluster([0, 1, 0], 30, 0.5, 2);
    expect(trainLinearSvm(positives, negatives)).toEqual(trainLinearSvm(positives, negatives));
    expect(() => trainLinearSvm([], negatives)).toThrow(/positives and negatives/);
  });

  it('balanced class weights: the positives still win against many near-copies of a negative', () => {
    const positives = cluster([1, 0.2, 0], 2, 0.05, 3);
    const negatives = cluster([0.2, 1, 0], 500, 0.05, 4);
    const model = trainLinearSvm(positives, negatives);
    expect(score(model, positives[0])).toBeGreaterThan(0);
    expect(score(model, negatives[0])).toBeLessThan(0);
  });
});
