import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/index/top-k.js';

describe('TopK', () => {
  it('keeps the k best of a stream, sorted, ties by label', () => {
    const top = new TopK(3);
    [0.1, 0.9, 0.5, 0.9, 0.3, 0.7].forEach((score, label) => top.offer(label, score));
    expect(top.sorted()).toEqual([
      { label: 1, score: 0.9 },
      { label: 3, score: 0.9 },
      { label: 5, score: 0.7 },
    ]);
  });

  it('holds nothing for k = 0', () => {
    const top = new TopK(0);
    top.offer(1, 1);
    expect(top.sorted()).toEqual([]);
  });
});
