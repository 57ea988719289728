import { describe, expect, it } from 'vitest';
import {
  idf,
  LIKE_TERMS,
  likeQuery,
  MAX_TEXT_TERMS,
  textQuery,
  TITLE_WEIGHT,
  type QueryTerm,
} from '../../src/search/lexical-query.js';

describe('textQuery', () => {
  it('keeps analysed words in order, without stopwords or repeated stems', () => {
    const query = textQuery('The networks of a network: GPT-4 and networking!');
    expect(query.terms.map((t) => t.word)).toEqual(['networks', 'gpt4']);
    expect(query.terms.map((t) => t.stem)).toEqual(['network', 'gpt4']);
    expect(query.searched).toBe(2);
  });

  it('searches with at most the first MAX_TEXT_TERMS terms', () => {
    const words = Array.from({ length: MAX_TEXT_TERMS + 5 }, (_, i) => `word${i}x`);
    const query = textQuery(words.join(' '));
    expect(query.terms).toHaveLength(MAX_TEXT_TERMS + 5);
    expect(query.searched).toBe(MAX_TEXT_TERMS);
  });

  it('has no terms for text that is all stopwords, numbers or punctuation', () => {
    const query = textQuery('the of and 2024 3.14 ?!');
    expect(query.terms).toEqual([]);
  });
});

/** Corpus statistics as the text index reports them, from a word's document frequency. */
function statistics(papers: number, documentFrequency: (word: string) => number) {
  return {
    papers,
    documentFrequencies: async (terms: readonly QueryTerm[]) =>
      terms.map((t) => documentFrequency(t.word)),
  };
}

describe('likeQuery', () => {
  const papers = 100;
  // Document frequencies as the index would report them.
  const df: Record<string, number> = { quantum: 10, circuits: 1, noise: 50, learning: 90 };
  const stats = statistics(papers, (word) => df[word] ?? 0);

  it('weighs each stem by its count (title words TITLE_WEIGHT times) times its idf', async () => {
    const query = await likeQuery(
      [{ title: 'Quantum circuits', abstract: 'Quantum noise and quantum learning.' }],
      [],
      stats,
    );
    // quantum: 2 (title) + 2 (abstract) = 4 occurrences; circuits: 2; noise, learning: 1 each.
    const score = {
      quantum: (TITLE_WEIGHT + 2) * idf(papers, 10),
      circuit: TITLE_WEIGHT * idf(papers, 1),
      nois: 1 * idf(papers, 50),
      learn: 1 * idf(papers, 90),
    };
    // Boosted: each weighs its score over the best term's.
    const weights = Object.fromEntries(query.terms.map((t) => [t.stem, t.weight]));
    for (const [stem, value] of Object.entries(score)) {
      expect(weights[stem]).toBeCloseTo(value / score.quantum, 12);
    }
    // Best first: quantum 4 × 2.2 = 8.9, circuits 2 × 3.9 = 7.8, noise 0.69, learning 0.11.
    expect(query.terms.map((t) => t.word)).toEqual(['quantum', 'circuits', 'noise', 'learning']);
    expect(query.searched).toBe(4);
  });

  it('weighs every term 1 unboosted', async () => {
    const doc = { title: 'Quantum circuits', abstract: 'Quantum noise and quantum learning.' };
    const query = await likeQuery([doc], [], stats, { terms: 2, boost: false });
    expect(query.terms.map((t) => t.weight)).toEqual([1, 1, 1, 1]);
    expect(query.searched).toBe(2);
  });

  it('subtracts the mean counts of negatives and drops terms left at zero or below', async () => {
    const query = await likeQuery(
      [{ title: 'Quantum noise', abstract: 'learning' }],
      [{ title: 'Noise', abstract: 'noise learning' }],
      stats,
    );
    // quantum 2 - 0; noise 2 - 3 < 0; learning 1 - 1 = 0.
    expect(query.terms.map((t) => t.word)).toEqual(['quantum']);
  });

  it('skips words the index has never seen and searches at most LIKE_TERMS terms', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `term${i}x`).join(' ');
    const query = await likeQuery(
      [{ title: 'unseenword', abstract: many }],
      [],
      statistics(papers, (word) => (word === 'unseenword' ? 0 : 5)),
    );
    expect(query.terms.map((t) => t.word)).not.toContain('unseenword');
    expect(query.terms).toHaveLength(40);
    expect(query.searched).toBe(LIKE_TERMS);
  });
});

describe('idf', () => {
  it("is BM25's log(1 + (N - df + 0.5) / (df + 0.5))", () => {
    // N = 100, df = 10: log(1 + 90.5 / 10.5) = log(9.619) = 2.2638.
    expect(idf(100, 10)).toBeCloseTo(Math.log(1 + 90.5 / 10.5), 12);
    expect(idf(100, 100)).toBeGreaterThan(0);
  });
});
