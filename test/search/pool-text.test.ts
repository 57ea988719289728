import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25Norm, bm25Ceiling, bm25Saturation } from '../../src/index/bm25.js';
import { PoolText } from '../../src/search/pool-text.js';

describe('PoolText', () => {
  it("scores with the project's BM25 as shares of the query's ceiling", () => {
    const text = new PoolText();
    text.add('Glaciers', 'Alpine glaciers retreat.'); // glacier x2 (title) + 1, alpin, retreat: 4 terms
    text.add('Proteins', 'Folding of small proteins.'); // protein x2 + 1, fold, small: 4 terms
    text.add('Graphs', 'Spectra of graphs.'); // graph x2 + 1, spectra: 3 terms
    const found = text.search(['glacier'], () => true);
    expect(found.map((r) => r.label)).toEqual([0]);
    const averageLength = (4 + 4 + 3) / 3;
    const expected =
      (bm25Idf(3, 1) * bm25Saturation(3, bm25Norm(4, averageLength))) /
      bm25Ceiling(3, [{ weight: 1, documentFrequency: 1 }]);
    expect(found[0].score).toBeCloseTo(expected, 12);
    expect(found[0].score).toBeGreaterThan(0);
    expect(found[0].score).toBeLessThan(1);
  });

  it('leaves out documents the filter refuses', () => {
    const text = new PoolText();
    text.add('Glaciers', 'Alpine glaciers.');
    text.add('Glacier lakes', 'Lakes left by glaciers.');
    expect(text.search(['glacier'], (doc) => doc !== 0).map((r) => r.label)).toEqual([1]);
  });
});
