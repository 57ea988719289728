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

  it('keeps the lower labels among equal scores, whatever the order they came in', () => {
    const forward = new TopK(2);
    const backward = new TopK(2);
    const labels = [4, 9, 2, 7];
    labels.forEach((label) => forward.offer(label, 1));
    labels.reverse().forEach((label) => backward.offer(label, 1));
    expect(forward.sorted()).toEqual([
      { label: 2, score: 1 },
      { label: 4, score: 1 },
    ]);
    expect(backward.sorted()).toEqual(forward.sorted());
  });

  it('reports the score to beat once full', () => {
    const top = new TopK(2);
    expect(top.threshold()).toBe(-Infinity);
    top.offer(1, 0.5);
    top.offer(2, 0.8);
    expect(top.threshold()).toBe(0.5);
    expect(new TopK(0).threshold()).toBe(Infinity);
  });

  it('holds nothing for k = 0', () => {
    const top = new TopK(0);
    top.offer(1, 1);
    expect(top.sorted()).toEqual([]);
  });
});
