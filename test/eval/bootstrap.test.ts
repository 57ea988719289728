import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from '../../src/eval/bootstrap.js';

const settings = { resamples: 2000, confidence: 0.95, seed: 7 };

describe('pairedBootstrap', () => {
  it('gives a constant difference an interval of exactly that difference', () => {
    const b = [0.1, 0.5, 0.9, 0.3];
    const { difference, low, high } = pairedBootstrap(
      b.map((v) => v + 0.2),
      b,
      settings,
    );
    expect(difference).toBeCloseTo(0.2, 12);
    expect(low).toBeCloseTo(0.2, 12);
    expect(high).toBeCloseTo(0.2, 12);
  });

  it('brackets the mean difference, wider for noisier differences', () => {
    const base = Array.from({ length: 40 }, (_, i) => (i % 10) / 10);
    const steady = pairedBootstrap(
      base.map((v, i) => v + (i % 2 ? 0.04 : 0.06)),
      base,
      settings,
    );
    const noisy = pairedBootstrap(
      base.map((v, i) => v + (i % 2 ? -0.5 : 0.6)),
      base,
      settings,
    );
    for (const result of [steady, noisy]) {
      expect(result.difference).toBeCloseTo(0.05, 12);
      expect(result.low).toBeLessThan(0.05);
      expect(result.high).toBeGreaterThan(0.05);
    }
    expect(steady.low).toBeGreaterThan(0);
    expect(noisy.low).toBeLessThan(0);
    expect(noisy.high - noisy.low).toBeGreaterThan(10 * (steady.high - steady.low));
  });

  it('is reproducible for a seed', () => {
    const a = [0.2, 0.9, 0.4, 0.7, 0.1];
    const b = [0.3, 0.5, 0.5, 0.2, 0.1];
    expect(pairedBootstrap(a, b, settings)).toEqual(pairedBootstrap(a, b, settings));
  });

  it('refuses unpaired or empty scores', () => {
    expect(() => pairedBootstrap([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedBootstrap([], [])).toThrow(RangeError);
  });
});
