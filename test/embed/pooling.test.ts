import { describe, expect, it } from 'vitest';
import { l2Normalize, poolBatch } from '../../src/embed/pooling.js';

describe('poolBatch', () => {
  // batch 2, seq 3, dims 2; second row has one padding token
  const hidden = Float32Array.from([1, 0, 3, 0, 5, 5, 0, 2, 0, 4, 9, 9]);
  const mask = [1, 1, 1, 1, 1, 0];

  it('averages only unmasked tokens, then normalises', () => {
    const [first, second] = poolBatch(hidden, mask, 2, 3, 2, 'mean');
    const expectFirst = l2Normalize(Float32Array.from([3, 5 / 3]));
    expect(Array.from(first)).toEqual(Array.from(expectFirst));
    expect(Array.from(second)).toEqual([0, 1]);
  });

  it('takes the first token for CLS pooling', () => {
    const [first] = poolBatch(hidden, mask, 2, 3, 2, 'cls');
    expect(Array.from(first)).toEqual([1, 0]);
  });

  it('leaves a zero vector at zero', () => {
    expect(Array.from(l2Normalize(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});
