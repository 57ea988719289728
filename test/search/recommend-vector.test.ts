import { describe, expect, it } from 'vitest';
import { recommendationVector } from '../../src/search/recommend-vector.js';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('recommendationVector', () => {
  it('is the normalised mean of the positives when there are no negatives', () => {
    expect([...recommendationVector([v(1, 0), v(0, 1)], [])]).toEqual([
      expect.closeTo(Math.SQRT1_2),
      expect.closeTo(Math.SQRT1_2),
    ]);
  });

  it('follows Qdrant average_vector: 2 avg(pos) - avg(neg), normalised', () => {
    // 2*(1,0) - (0,1) = (2,-1) -> (2,-1)/sqrt(5)
    const out = recommendationVector([v(1, 0)], [v(0, 1)]);
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(5));
    expect(out[1]).toBeCloseTo(-1 / Math.sqrt(5));
  });

  it('refuses an empty positive list', () => {
    expect(() => recommendationVector([], [v(1, 0)])).toThrow(RangeError);
  });
});
