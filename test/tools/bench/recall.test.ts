import { describe, expect, it } from 'vitest';
import { epsilonRecallAtK, recallAtK } from '../../../tools/bench/recall.js';

describe('recallAtK', () => {
  const truth = Int32Array.from([1, 2, 3, 4, 5, 6]); // two queries, 3 true neighbours each

  it('counts true neighbours among the first k results, in any order', () => {
    expect(
      recallAtK(
        [
          [3, 1, 2],
          [6, 5, 4],
        ],
        truth,
        3,
        3,
      ),
    ).toBe(1);
    expect(
      recallAtK(
        [
          [1, 9, 8],
          [4, 5, 7],
        ],
        truth,
        3,
        3,
      ),
    ).toBeCloseTo(3 / 6);
  });

  it('ignores results past k and true neighbours past k', () => {
    expect(
      recallAtK(
        [
          [1, 3],
          [4, 6],
        ],
        truth,
        3,
        1,
      ),
    ).toBe(1);
    expect(
      recallAtK(
        [
          [1, 2],
          [5, 4],
        ],
        truth,
        3,
        1,
      ),
    ).toBe(0.5);
  });

  it('counts missing results as misses', () => {
    expect(recallAtK([[1], []], truth, 3, 3)).toBeCloseTo(1 / 6);
  });

  it('refuses mismatched inputs', () => {
    expect(() => recallAtK([[1]], truth, 3, 3)).toThrow(RangeError);
    expect(() => recallAtK([[1], [2]], truth, 3, 4)).toThrow(RangeError);
  });
});

describe('epsilonRecallAtK', () => {
  const unit = (similarity: number) => [similarity, Math.sqrt(1 - similarity ** 2)];
  // Rows at cosine similarity 1, 0.9, 0.8995 and 0.5 to the query (1, 0).
  const base = Float32Array.from([1, 0.9, 0.8995, 0.5].flatMap(unit));
  const query = [Float32Array.from([1, 0])];
  const truth = Int32Array.from([0, 1]);

  it('counts a near-tie within the tolerance that id recall misses', () => {
    expect(recallAtK([[0, 2]], truth, 2, 2)).toBe(0.5);
    expect(epsilonRecallAtK([[0, 2]], truth, query, base, 2, 2, 0.01)).toBe(1);
    expect(epsilonRecallAtK([[0, 2]], truth, query, base, 2, 2, 0)).toBe(0.5);
  });

  it('does not count a row farther than the tolerance, or an unknown one', () => {
    expect(epsilonRecallAtK([[0, 3]], truth, query, base, 2, 2, 0.01)).toBe(0.5);
    expect(epsilonRecallAtK([[-1, 1]], truth, query, base, 2, 2, 0.01)).toBe(0.5);
  });
});
