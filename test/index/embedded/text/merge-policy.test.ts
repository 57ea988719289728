import { describe, expect, it } from 'vitest';
import { planMerge } from '../../../../src/index/embedded/text/merge-policy.js';

const policy = { maxSegments: 3, maxDeletedShare: 0.2 };
const segment = (name: string, documents: number, deleted = 0) => ({ name, documents, deleted });

describe('merge policy', () => {
  it('merges nothing while segments are few and clean', () => {
    expect(planMerge([segment('a', 1000), segment('b', 10, 2)], policy)).toBeNull();
  });

  it('rewrites a segment with too many deleted documents', () => {
    expect(planMerge([segment('a', 1000), segment('b', 10, 3)], policy)).toEqual(['b']);
  });

  it('merges the smallest segments when there are too many, keeping index order', () => {
    const segments = [segment('a', 1000), segment('b', 5), segment('c', 50), segment('d', 7)];
    expect(planMerge(segments, policy)).toEqual(['b', 'd']);
    const more = [...segments, segment('e', 6)];
    expect(planMerge(more, policy)).toEqual(['b', 'd', 'e']);
  });

  it('counts live documents when choosing the smallest', () => {
    const segments = [
      segment('a', 100, 19),
      segment('b', 90),
      segment('c', 85),
      segment('d', 1000),
    ];
    expect(planMerge(segments, policy)).toEqual(['a', 'c']);
  });
});
