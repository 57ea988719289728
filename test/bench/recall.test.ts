import { describe, expect, it } from 'vitest';
import { recallAtK } from '../../src/bench/recall.js';

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
