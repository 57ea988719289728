import { describe, expect, it } from 'vitest';
import { FREE_TEXT_BREADTH, searchBreadth } from '../../src/index/hnsw-params.js';

describe('searchBreadth', () => {
  it('is efSearch up to 10k papers and doubles with every tenfold growth past that', () => {
    expect(searchBreadth(64, 500, 10, false)).toBe(64);
    expect(searchBreadth(64, 10_000, 10, false)).toBe(64);
    expect(searchBreadth(64, 100_000, 10, false)).toBe(128);
    expect(searchBreadth(64, 1_000_000, 10, false)).toBe(256);
    // Between, it grows smoothly: 10^0.5 tenfold is 2^0.5 wider.
    expect(searchBreadth(64, 31_623, 10, false)).toBe(Math.round(64 * Math.SQRT2));
  });

  it('searches free text FREE_TEXT_BREADTH times wider', () => {
    expect(searchBreadth(64, 100_000, 10, true)).toBe(128 * FREE_TEXT_BREADTH);
  });

  it('is never below k, and bounded', () => {
    expect(searchBreadth(64, 1000, 100, false)).toBe(100);
    expect(searchBreadth(4096, 1e9, 10, true)).toBe(4096);
  });
});
