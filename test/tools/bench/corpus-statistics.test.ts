import { describe, expect, it } from 'vitest';
import { CorpusStatisticsCollector, fitLine } from '../../../tools/bench/corpus-statistics.js';

describe('corpus statistics', () => {
  it('fits a line exactly through points on it', () => {
    const points = [1, 2, 3, 4].map((x) => ({ x, y: 0.5 - 2 * x }));
    expect(fitLine(points)).toEqual({ slope: -2, intercept: 0.5, r2: 1 });
  });

  it('finds the Zipf exponent of an exactly Zipfian corpus', () => {
    // Word r occurs round(100000 / r) times: f ∝ r^-1.
    const stats = new CorpusStatisticsCollector();
    const document: string[] = [];
    for (let r = 1; r <= 2000; r++) {
      for (let i = 0; i < Math.round(100_000 / r); i++) document.push(`w${r}`);
    }
    stats.add(document);
    const result = stats.result();
    expect(result.zipfHead.exponent).toBeCloseTo(1, 2);
    expect(result.vocabulary).toBe(2000);
    expect(result.documents).toBe(1);
    expect(stats.documentFrequency('w7')).toBe(1);
  });

  it('finds the Heaps exponent of a vocabulary growing as the square root of tokens', () => {
    const stats = new CorpusStatisticsCollector();
    let vocabulary = 0;
    for (let n = 1; n <= 400_000; n++) {
      // A new word whenever sqrt(n) passes an integer, else a repeat.
      const fresh = Math.floor(Math.sqrt(n)) > vocabulary;
      if (fresh) vocabulary++;
      stats.add([`w${fresh ? vocabulary : 1}`]);
    }
    expect(stats.result().heaps.exponent).toBeCloseTo(0.5, 2);
  });
});
