import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from '../../src/search/fusion.js';

describe('reciprocalRankFusion', () => {
  it('sums 1 / (k + rank) over the rankings a label appears in', () => {
    // Dense [1, 2, 3], lexical [3, 1]:
    //   1: 1/61 + 1/62 = 0.032522   3: 1/63 + 1/61 = 0.032266   2: 1/62 = 0.016129
    const fused = reciprocalRankFusion([
      [1, 2, 3],
      [3, 1],
    ]);
    expect(fused.map((f) => f.label)).toEqual([1, 3, 2]);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1].score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2].score).toBeCloseTo(1 / 62, 12);
    expect(RRF_K).toBe(60);
  });

  it('breaks ties by the better single rank, then the lower label', () => {
    // [5, 6] and [6, 5]: both score 1/61 + 1/62 and both have a first place: label 5 first.
    // [7] and [8] alone at rank 2 tie below them on 1/62.
    const fused = reciprocalRankFusion([
      [5, 6, 8],
      [6, 5, 7],
    ]);
    expect(fused.map((f) => f.label)).toEqual([5, 6, 7, 8]);
  });

  it('honours another k and fuses nothing to nothing', () => {
    // k = 0: rank 1 scores 1, rank 2 scores 1/2.
    expect(reciprocalRankFusion([[4, 9]], 0)).toEqual([
      { label: 4, score: 1 },
      { label: 9, score: 0.5 },
    ]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});
