import { describe, expect, it } from 'vitest';
import { textQuery, type QueryTerm } from '../../src/search/lexical-query.js';
import { withSynonyms } from '../../src/search/synonyms.js';
import { indexEntry, synsetLineWords, WordNet } from '../../src/search/wordnet.js';

describe('WordNet', () => {
  const wordnet = new WordNet();

  it('finds synonyms of a word and of its inflected forms, most frequent sense first', async () => {
    expect(await wordnet.synonyms('big', 1)).toContain('large');
    expect(await wordnet.synonyms('pictures', 1)).toEqual(
      expect.arrayContaining(['image', 'picture']),
    );
    expect(await wordnet.synonyms('cars', 1)).toContain('automobile');
  });

  it('knows no synonyms of a word it does not hold', async () => {
    expect(await wordnet.synonyms('qwzxv', 2)).toEqual([]);
  });

  it('reads index lines by binary search and synset lines by their fields', () => {
    const file = Buffer.from(
      '  1 license line\n' +
        'able a 1 2 ! & 1 0 00001740\n' +
        'big a 2 2 ! & 2 1 01382086 01385255\n' +
        'zebra n 1 1 @ 1 0 02394212\n',
    );
    expect(indexEntry(file, 'big')).toEqual([1382086, 1385255]);
    expect(indexEntry(file, 'able')).toEqual([1740]);
    expect(indexEntry(file, 'zebra')).toEqual([2394212]);
    expect(indexEntry(file, 'cat')).toBeNull();
    expect(synsetLineWords('01382086 00 s 03 Big(a) 0 large 0 big 0 001 & 0 | gloss')).toEqual([
      'big',
      'large',
    ]);
  });
});

/** Statistics in which only the listed stems occur. */
function statistics(held: string[]) {
  return {
    papers: 100,
    documentFrequencies: async (terms: readonly QueryTerm[]) =>
      terms.map((t) => (held.includes(t.stem) ? 5 : 0)),
  };
}

describe('withSynonyms', () => {
  it('adds synonyms the corpus holds, weighted below the word they expand', async () => {
    const query = textQuery('big pictures');
    const parameters = { senses: 1, perWord: 3, weight: 0.3 };
    const expanded = await withSynonyms(query, statistics(['larg', 'imag']), undefined, parameters);
    expect(expanded.terms.slice(0, 2)).toEqual(query.terms);
    expect(expanded.terms.slice(2)).toEqual([
      { word: 'large', stem: 'larg', weight: 0.3, origin: { kind: 'synonym', of: 'big' } },
      { word: 'image', stem: 'imag', weight: 0.3, origin: { kind: 'synonym', of: 'pictures' } },
    ]);
    expect(expanded.searched).toBe(4);
  });

  it('adds at most perWord synonyms of a word', async () => {
    const query = textQuery('pictures');
    const parameters = { senses: 1, perWord: 1, weight: 0.3 };
    const expanded = await withSynonyms(query, statistics(['imag', 'icon']), undefined, parameters);
    expect(expanded.terms.map((t) => t.word)).toEqual(['pictures', 'image']);
  });

  it('leaves a query without synonyms in the corpus as it was', async () => {
    const query = textQuery('big pictures');
    expect(await withSynonyms(query, statistics([]))).toEqual(query);
  });
});
