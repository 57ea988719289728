import { describe, expect, it } from 'vitest';
import { AliasTable, zipfWeights } from '../../../../tools/bench/arxiv/alias-table.js';
import { ZipfSampler } from '../../../../tools/bench/arxiv/zipf.js';
import { mulberry32 } from '../../../../src/util/prng.js';

function histogram(draw: () => number, draws: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const k = draw();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

describe('samplers', () => {
  it('Zipf by rejection-inversion has P(k) ∝ k^-s, over billions of ranks', () => {
    const random = mulberry32(9);
    const zipf = new ZipfSampler(1e9, 1.2);
    const counts = histogram(() => zipf.sample(random), 200_000);
    const ratio = (a: number, b: number) => (counts.get(a) as number) / (counts.get(b) as number);
    expect(ratio(1, 2)).toBeCloseTo(2 ** 1.2, 1);
    expect(ratio(1, 4)).toBeCloseTo(4 ** 1.2, 0);
    expect(Math.min(...counts.keys())).toBe(1);
  });

  it('the alias table draws each index with its weight', () => {
    const random = mulberry32(4);
    const table = new AliasTable([1, 3, 0, 6]);
    const counts = histogram(() => table.sample(random), 100_000);
    expect(counts.get(2)).toBeUndefined();
    expect((counts.get(3) as number) / 100_000).toBeCloseTo(0.6, 2);
    expect((counts.get(1) as number) / (counts.get(0) as number)).toBeCloseTo(3, 0);
    expect([...zipfWeights(3, 1)]).toEqual([1, 0.5, 1 / 3]);
  });
});
