import { describe, expect, it } from 'vitest';
import { growth } from '../../../../tools/bench/scale/growth.js';

const SIZES = [10_000, 100_000, 1_000_000];

describe('growth on log-log axes', () => {
  it('gives slope 1 for a linear cost, 0.5 for a square root, 0 for a flat one', () => {
    const linear = growth(SIZES, [2, 20, 200]);
    expect(linear.factors).toEqual([10, 10]);
    expect(linear.slopes.map((s) => s?.toFixed(6))).toEqual(['1.000000', '1.000000']);
    expect(linear.fitSlope).toBeCloseTo(1, 9);
    const root = growth(
      SIZES,
      SIZES.map((n) => Math.sqrt(n)),
    );
    expect(root.fitSlope).toBeCloseTo(0.5, 9);
    expect(growth(SIZES, [7, 7, 7])).toEqual({ factors: [1, 1], slopes: [0, 0], fitSlope: 0 });
  });

  it('tells a superlinear step from a flat one', () => {
    const { factors, slopes, fitSlope } = growth(SIZES, [1, 1.2, 30]);
    expect(factors[0]).toBeCloseTo(1.2);
    expect(factors[1]).toBeCloseTo(25);
    expect(slopes[0]).toBeCloseTo(Math.log10(1.2));
    expect(slopes[1]).toBeCloseTo(Math.log10(25));
    // The least-squares line through log points (4, 0), (5, 0.079), (6, 1.477).
    expect(fitSlope).toBeCloseTo(Math.log10(30) / 2, 9);
  });

  it('leaves steps without two usable values empty, and fits what is left', () => {
    const g = growth(SIZES, [3, null, 300]);
    expect(g.factors).toEqual([null, null]);
    expect(g.slopes).toEqual([null, null]);
    expect(g.fitSlope).toBeCloseTo(1, 9);
    expect(growth(SIZES, [0, 5, 50]).factors).toEqual([null, 10]);
    expect(growth([10_000], [4]).fitSlope).toBeNull();
    expect(() => growth(SIZES, [1, 2])).toThrow(RangeError);
  });
});
