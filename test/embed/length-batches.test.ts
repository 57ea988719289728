import { describe, expect, it } from 'vitest';
import { batchesByLength } from '../../src/embed/length-batches.js';

describe('batchesByLength', () => {
  it('groups indices of similar length, longest first, covering each once', () => {
    const lengths = [5, 100, 7, 98, 6, 99];
    const batches = batchesByLength(lengths, 2);
    expect(batches).toEqual([
      [1, 5],
      [3, 2],
      [4, 0],
    ]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
