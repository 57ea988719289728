import { describe, expect, it } from 'vitest';
import { inflected, inventedWord } from '../../../../tools/bench/arxiv/word-forms.js';
import { analyze } from '../../../../src/embed/text-analyzer.js';

describe('invented words', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => i * 7919 + (i % 13) * 1_000_003);

  it('are distinct terms the analyser keeps as they are', () => {
    const words = ids.map(inventedWord);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(analyze(word)).toEqual([word]);
  });

  it('grow longer with the id, as rarer words are longer', () => {
    expect(inventedWord(0).length).toBeLessThan(inventedWord(10_000_000).length);
  });

  it('have inflected forms that stem back to them', () => {
    for (const word of ids.slice(0, 500).map(inventedWord)) {
      for (const inflection of ['s', 'ing', 'ed'] as const) {
        expect(analyze(inflected(word, inflection))).toEqual([word]);
      }
    }
    expect(inflected(inventedWord(5), 's')).toBe(`${inventedWord(5)}s`);
  });
});
