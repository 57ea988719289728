import type { PaperRecord } from '../corpus/paper.js';
import { asciiWord, nameParts } from './author-parts.js';

/**
 * Citation keys as reference managers make them: first author's family name, year and first
 * significant title word (`sramek2007online`). A key already given to an earlier record gets
 * a, b, … appended, so the same records in the same order always get the same keys.
 */
const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'with',
  'from',
  'by',
  'at',
  'is',
  'are',
  'towards',
  'toward',
  'via',
  'how',
  'what',
  'why',
  'when',
  'do',
  'does',
  'can',
]);

export function citationKeys(records: readonly PaperRecord[]): string[] {
  const used = new Set<string>();
  return records.map((record) => {
    const base = baseKey(record);
    let key = base;
    for (let n = 0; used.has(key); n += 1) key = base + letters(n);
    used.add(key);
    return key;
  });
}

export function baseKey(record: PaperRecord): string {
  const author = record.authors.length > 0 ? nameParts(record.authors[0]) : null;
  const family = author
    ? asciiWord(author.corporate ? author.family.split(/\s+/)[0] : lastWord(author.family))
    : '';
  const year = record.published?.slice(0, 4) ?? '';
  const word = record.title
    .split(/[^\p{L}\p{N}]+/u)
    .map(asciiWord)
    .find((candidate) => candidate !== '' && !STOPWORDS.has(candidate));
  return `${family}${year}${word ?? ''}` || 'paper';
}

/** The family name proper, without a particle: "van Beethoven" → "Beethoven". */
function lastWord(family: string): string {
  const words = family.split(/\s+/);
  return words[words.length - 1];
}

/** 0 → a, 25 → z, 26 → aa: suffixes that never run out. */
function letters(n: number): string {
  const letter = String.fromCharCode(97 + (n % 26));
  return n < 26 ? letter : letters(Math.floor(n / 26) - 1) + letter;
}
