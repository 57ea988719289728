import { describe, expect, it } from 'vitest';
import { fuse, reciprocalRankFusion, RRF_K, scoreBlend } from '../../src/search/fusion.js';

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

describe('scoreBlend', () => {
  it('averages min-max normalised scores, 0 where a ranking lacks the label', () => {
    // Dense cosines 0.9, 0.7, 0.5 normalise to 1, 0.5, 0; BM25 scores 12, 4 to 1, 0.
    //   1: (1 + 0) / 2 = 0.5    2: (0.5 + 1) / 2 = 0.75    3: (0 + 0) / 2 = 0    4: (0 + 0) / 2 = 0
    const fused = scoreBlend([
      [
        { label: 1, score: 0.9 },
        { label: 2, score: 0.7 },
        { label: 3, score: 0.5 },
      ],
      [
        { label: 2, score: 12 },
        { label: 4, score: 4 },
      ],
    ]);
    expect(fused.map((f) => f.label)).toEqual([2, 1, 4, 3]);
    expect(fused.map((f) => f.score)).toEqual([0.75, 0.5, 0, 0]);
  });

  it('scores a ranking of equal scores as all best', () => {
    // One ranking of two ties: both normalise to 1; the other ranking is empty.
    expect(
      scoreBlend([
        [
          { label: 7, score: 3 },
          { label: 8, score: 3 },
        ],
        [],
      ]),
    ).toEqual([
      { label: 7, score: 0.5 },
      { label: 8, score: 0.5 },
    ]);
  });
});

describe('fuse', () => {
  it('dispatches to reciprocal rank fusion or the blend', () => {
    const dense = [
      { label: 1, score: 0.9 },
      { label: 2, score: 0.1 },
    ];
    const lexical = [
      { label: 2, score: 5 },
      { label: 1, score: 4.9 },
    ];
    // RRF: both score 1/61 + 1/62; 1 wins the tie on label. Blend: 1 = (1 + 0) / 2,
    // 2 = (0 + 1) / 2, also tied.
    expect(fuse('rrf', [dense, lexical]).map((f) => f.label)).toEqual([1, 2]);
    expect(fuse('blend', [dense, lexical])).toEqual([
      { label: 1, score: 0.5 },
      { label: 2, score: 0.5 },
    ]);
  });
});

describe('absoluteMean', () => {
  it('averages absolute relevances, negative cosines and missing labels counting 0', () => {
    const dense = [
      { label: 1, score: 0.8 },
      { label: 2, score: -0.2 },
    ];
    const lexical = [
      { label: 2, score: 0.6 },
      { label: 3, score: 0.4 },
    ];
    expect(fuse('absolute', [dense, lexical])).toEqual([
      { label: 1, score: 0.4 },
      { label: 2, score: 0.3 },
      { label: 3, score: 0.2 },
    ]);
  });

  it('keeps a weak best match weak: unlike min-max, nothing is stretched to 1', () => {
    const weak = [[{ label: 1, score: 0.2 }], [{ label: 1, score: 0.1 }]];
    expect(fuse('absolute', weak)[0].score).toBeCloseTo(0.15, 12);
    expect(fuse('blend', weak)[0].score).toBe(1);
  });
});
