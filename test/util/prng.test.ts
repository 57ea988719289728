import { describe, expect, it } from 'vitest';
import { mulberry32, normalTensor } from '../../src/util/prng.js';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const [a, b] = [mulberry32(42), mulberry32(42)];
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('normalTensor', () => {
  it('depends only on seed and name', () => {
    expect(normalTensor(1, 'w', 64, 0.02)).toEqual(normalTensor(1, 'w', 64, 0.02));
    expect(normalTensor(1, 'w', 64, 0.02)).not.toEqual(normalTensor(1, 'v', 64, 0.02));
    expect(normalTensor(1, 'w', 64, 0.02)).not.toEqual(normalTensor(2, 'w', 64, 0.02));
  });

  it('has mean 0 and the requested standard deviation', () => {
    const values = normalTensor(7, 'stats', 100_001, 0.02);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.0005);
    expect(std).toBeCloseTo(0.02, 3);
    expect(values.every(Number.isFinite)).toBe(true);
  });
});
