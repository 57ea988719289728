import { describe, expect, it } from 'vitest';
import { mean, ndcgAt, recallAt, reciprocalRank } from '../../src/eval/metrics.js';

// Judged: a and c highly relevant (2), b partly relevant (1); x and y unjudged.
const grades = new Map([
  ['a', 2],
  ['b', 1],
  ['c', 2],
]);
const ranking = ['a', 'x', 'b', 'y'];

describe('ndcgAt', () => {
  it('divides graded DCG by the DCG of the ideal order of all judged papers', () => {
    // DCG@10 of [a, x, b, y]: (2^2-1)/log2(2) + 0 + (2^1-1)/log2(4) + 0 = 3 + 0.5 = 3.5.
    // Ideal order [a, c, b]: 3/log2(2) + 3/log2(3) + 1/log2(4) = 3 + 1.8928 + 0.5 = 5.3928.
    // The unretrieved c still counts in the ideal: nDCG@10 = 3.5 / 5.3928 = 0.6490.
    expect(ndcgAt(ranking, grades, 10)).toBeCloseTo(3.5 / (3 + 3 / Math.log2(3) + 0.5), 10);
    expect(ndcgAt(ranking, grades, 10)).toBeCloseTo(0.649, 3);
  });

  it('cuts both the ranking and the ideal at k', () => {
    // DCG@2 = 3 (a) + 0 (x); ideal@2 = 3 + 3/log2(3) = 4.8928; nDCG@2 = 0.6131.
    expect(ndcgAt(ranking, grades, 2)).toBeCloseTo(3 / (3 + 3 / Math.log2(3)), 10);
  });

  it('is 1 for the ideal ranking and 0 when nothing relevant is retrieved', () => {
    expect(ndcgAt(['a', 'c', 'b'], grades, 10)).toBeCloseTo(1, 12);
    // Equal grades may come in either order: [c, a, b] has the same DCG as [a, c, b].
    expect(ndcgAt(['c', 'a', 'b'], grades, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(['x', 'y'], grades, 10)).toBe(0);
    expect(ndcgAt([], grades, 10)).toBe(0);
  });

  it('rewards the higher grade first: [b, a] scores below [a, b]', () => {
    // Judged only a (2) and b (1). Ideal [a, b]: 3 + 1/log2(3) = 3.6309.
    // [b, a]: 1 + 3/log2(3) = 2.8928, so nDCG = 2.8928 / 3.6309 = 0.7967.
    const two = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(['b', 'a'], two, 10)).toBeCloseTo(
      (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)),
      10,
    );
  });

  it('treats grade 0 as judged not relevant and scores 0 with nothing relevant', () => {
    const zero = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    // Only b counts: [a, b] has DCG 1/log2(3); ideal [b] has DCG 1/log2(2) = 1.
    expect(ndcgAt(['a', 'b'], zero, 10)).toBeCloseTo(1 / Math.log2(3), 10);
    expect(ndcgAt(['a'], new Map([['a', 0]]), 10)).toBe(0);
  });
});

describe('ndcgAt with linear gain (trec_eval ndcg_cut)', () => {
  it('weighs a paper by its grade, not 2^grade - 1', () => {
    // DCG@10 of [a, x, b, y]: 2/log2(2) + 1/log2(4) = 2.5.
    // Ideal [a, c, b]: 2 + 2/log2(3) + 1/log2(4) = 3.7619; nDCG@10 = 2.5 / 3.7619 = 0.6646.
    expect(ndcgAt(ranking, grades, 10, 'linear')).toBeCloseTo(
      2.5 / (2 + 2 / Math.log2(3) + 0.5),
      10,
    );
    expect(ndcgAt(ranking, grades, 10, 'linear')).toBeCloseTo(0.6646, 4);
  });

  it('equals the exponential gain on binary judgments', () => {
    const binary = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    const run = ['x', 'a', 'y', 'b'];
    expect(ndcgAt(run, binary, 10, 'linear')).toBeCloseTo(ndcgAt(run, binary, 10), 12);
  });
});

describe('recallAt', () => {
  it('is the fraction of judged relevant papers in the top k', () => {
    // Relevant: a, b, c. Top 2 = [a, x] finds a: 1/3. Top 3 adds b: 2/3. c is never found.
    expect(recallAt(ranking, grades, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(ranking, grades, 3)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(ranking, grades, 50)).toBeCloseTo(2 / 3, 12);
  });

  it('counts a paper listed twice once and ignores grade 0', () => {
    expect(recallAt(['a', 'a', 'c'], grades, 10)).toBeCloseTo(2 / 3, 12);
    // Only b is relevant (a is graded 0): finding a alone recalls nothing.
    const zero = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    expect(recallAt(['a'], zero, 10)).toBe(0);
    expect(recallAt(['a', 'b'], zero, 10)).toBe(1);
  });
});

describe('reciprocalRank', () => {
  it('is 1 over the rank of the first relevant paper, any grade', () => {
    expect(reciprocalRank(ranking, grades)).toBe(1); // a at rank 1
    expect(reciprocalRank(['x', 'y', 'b'], grades)).toBeCloseTo(1 / 3, 12); // b (grade 1) at rank 3
    expect(reciprocalRank(['x', 'y'], grades)).toBe(0);
  });

  it('is 0 when the first relevant paper lies past the cut-off k (RR@k)', () => {
    const late = ['x', 'y', 'b'];
    expect(reciprocalRank(late, grades, 3)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(late, grades, 2)).toBe(0);
  });
});

describe('mean', () => {
  it('averages, and is 0 for no values', () => {
    // Two cases with MRR 1 and 1/3 average to (1 + 1/3) / 2 = 2/3.
    expect(mean([1, 1 / 3])).toBeCloseTo(2 / 3, 12);
    expect(mean([])).toBe(0);
  });
});
