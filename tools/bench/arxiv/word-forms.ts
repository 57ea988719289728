import { isStopword, stem } from '../../../src/embed/text-analyzer.js';

/**
 * Invented words for a synthetic vocabulary, one per integer id, that the project's analyser
 * keeps as distinct terms: consonant-vowel syllables ending in a vowel (not e) and one of
 * k, p, b, d, f, z. No Porter suffix rule matches such an ending, so every word is its own
 * stem, and its plural and -ing/-ed forms stem back to it. Smaller ids get shorter words,
 * as frequent words are short in real text.
 */
const CONSONANTS = 'bdfghjklmnprstvz';
const VOWELS = 'aeiou';
const FINAL_VOWELS = 'aiou';
const FINAL_CONSONANTS = 'kpbdfz';
const SYLLABLES = CONSONANTS.length * VOWELS.length;
const FINALS = CONSONANTS.length * FINAL_VOWELS.length * FINAL_CONSONANTS.length;

function syllable(index: number): string {
  return CONSONANTS[Math.floor(index / VOWELS.length)] + VOWELS[index % VOWELS.length];
}

function final(index: number): string {
  const consonant = Math.floor(index / (FINAL_VOWELS.length * FINAL_CONSONANTS.length));
  const rest = index % (FINAL_VOWELS.length * FINAL_CONSONANTS.length);
  return (
    CONSONANTS[consonant] +
    FINAL_VOWELS[Math.floor(rest / FINAL_CONSONANTS.length)] +
    FINAL_CONSONANTS[rest % FINAL_CONSONANTS.length]
  );
}

/** The word for id (0-based): one or more syllables and a final, bijectively. */
export function inventedWord(id: number): string {
  let rest = id;
  let syllables = 1;
  let block = SYLLABLES * FINALS;
  while (rest >= block) {
    rest -= block;
    syllables++;
    block *= SYLLABLES;
  }
  let word = final(rest % FINALS);
  rest = Math.floor(rest / FINALS);
  for (let i = 0; i < syllables; i++) {
    word = syllable(rest % SYLLABLES) + word;
    rest = Math.floor(rest / SYLLABLES);
  }
  // A handful of short forms are English function words; a doubled final keeps them apart.
  return isStopword(word) ? `${word}${word.at(-1)}` : word;
}

const INFLECTIONS = ['s', 'ing', 'ed'] as const;

/** The word with an inflection, when the analyser stems it back to the word (else the word). */
export function inflected(word: string, inflection: (typeof INFLECTIONS)[number]): string {
  const form = word + inflection;
  return stem(form) === word ? form : word;
}

export { INFLECTIONS };
