import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/util/prng.js';
import { buildWorkload, phrase, PHRASE_WORDS } from '../../../../tools/bench/scale/workload.js';
import { syntheticArxivRecords } from '../../../../tools/bench/synthetic-arxiv.js';

const papers = [...syntheticArxivRecords({ count: 40, seed: 4 })];

describe('the scale workload', () => {
  it('alternates one-line titles and short phrases of the abstracts', () => {
    const { queries } = buildWorkload(papers, 1);
    expect(queries).toHaveLength(papers.length);
    queries.forEach((query, i) => {
      expect(query).not.toMatch(/\n|^\s|\s$/);
      if (i % 2 === 0) expect(query).toBe(papers[i].title.replace(/\s+/g, ' ').trim());
      else {
        const words = query.split(' ');
        expect(words.length).toBeGreaterThanOrEqual(PHRASE_WORDS.min);
        expect(words.length).toBeLessThanOrEqual(PHRASE_WORDS.max);
        expect(papers[i].abstract.replace(/\s+/g, ' ')).toContain(words[0]);
      }
    });
  });

  it('asks for related papers and recommendations by ids of the corpus', () => {
    const { relatedIds, recommend } = buildWorkload(papers, 1);
    expect(relatedIds).toEqual(papers.map((p) => p.id));
    for (const call of recommend) {
      expect(call.positive).toHaveLength(2);
      expect(call.negative).toHaveLength(1);
      expect(new Set([...call.positive, ...call.negative]).size).toBe(3);
    }
  });

  it('is the same for the same seed', () => {
    expect(buildWorkload(papers, 5)).toEqual(buildWorkload(papers, 5));
    expect(buildWorkload(papers, 5).queries).not.toEqual(buildWorkload(papers, 6).queries);
    expect(() => buildWorkload(papers.slice(0, 2), 1)).toThrow(RangeError);
  });

  it('cuts phrases from words without their punctuation, even from a short text', () => {
    expect(phrase('Hello, world.', mulberry32(1))).toBe('Hello world');
    expect(phrase('(alone)', mulberry32(1))).toBe('alone');
  });
});
