import { mulberry32 } from '../../../../src/util/prng.js';
import type { TextDocument, TextQuery } from '../../../../src/index/text-index.js';

/**
 * Seeded random corpora and queries for the text engine's tests. Words are like "w17": the
 * analyser keeps tokens with digits as they are, so every word is its own term. Word
 * frequencies are Zipf-like, so common words have posting lists of many blocks.
 */
export function randomCorpus(
  seed: number,
  count: number,
  vocabulary = 400,
  firstLabel = 0,
): TextDocument[] {
  const random = mulberry32(seed);
  const word = zipfWords(random, vocabulary);
  return Array.from({ length: count }, (_, i) => ({
    label: firstLabel + i,
    title: Array.from({ length: 1 + Math.floor(random() * 8) }, word).join(' '),
    abstract: Array.from({ length: Math.floor(random() * 60) }, word).join(' '),
  }));
}

/** Free-text (weight 1, 1–6 terms) and weighted (10–25 terms) queries, some terms unknown. */
export function randomQueries(seed: number, count: number, vocabulary = 400): TextQuery[] {
  const random = mulberry32(seed);
  const word = zipfWords(random, vocabulary * 1.1);
  return Array.from({ length: count }, (_, i) => {
    const weighted = i % 3 === 2;
    const length = weighted ? 10 + Math.floor(random() * 16) : 1 + Math.floor(random() * 6);
    return {
      terms: Array.from({ length }, () => {
        const stem = word();
        return { word: stem, stem, weight: weighted ? 0.1 + random() * 3 : 1 };
      }),
    };
  });
}

function zipfWords(random: () => number, vocabulary: number): () => string {
  return () => `w${Math.floor(Math.pow(vocabulary, random()))}`;
}
