/**
 * Deterministic WordPiece vocabulary from word counts: BERT's special-token layout, every
 * character seen (plain and as a `##` continuation), the most frequent words, then frequent
 * subword pieces so unseen words still split into something better than characters.
 */
import { bertWords } from './bert-text.js';

export const SPECIAL_TOKENS = {
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
} as const;

export const CONTINUATION_PREFIX = '##';

/** BERT uncased puts [UNK] at 100 and the other specials right after it; we keep those ids. */
const LEADING_UNUSED = 99;
/** At most this share of the non-special budget goes to characters, and to subword pieces. */
const MAX_CHAR_SHARE = 0.25;
const MAX_SUBWORD_SHARE = 0.2;
const PREFIX_LENGTHS = { min: 2, max: 8 };
const SUFFIX_LENGTHS = { min: 2, max: 6 };
/** A piece is only worth a slot when it recurs across different words. */
const MIN_WORDS_PER_PIECE = 2;

export interface VocabularyOptions {
  /** Maximum number of tokens. */
  size: number;
  /** Pad with `[unusedN]` tokens up to exactly `size`. */
  fill: boolean;
}

export async function countWords(
  texts: Iterable<string> | AsyncIterable<string>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const text of texts) {
    for (const word of bertWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Highest score first; equal scores in code-unit order so the result never depends on input order. */
function rankByScore(scores: Map<string, number>): string[] {
  return [...scores.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([token]) => token);
}

function specialLayout(): string[] {
  const unused = Array.from({ length: LEADING_UNUSED }, (_, i) => `[unused${i}]`);
  const { pad, unk, cls, sep, mask } = SPECIAL_TOKENS;
  return [pad, ...unused, unk, cls, sep, mask];
}

function characterScores(wordCounts: Map<string, number>): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    for (const char of word) scores.set(char, (scores.get(char) ?? 0) + count);
  }
  return scores;
}

/** Word prefixes and `##` inner pieces, scored by corpus frequency, kept when shared by words. */
function subwordScores(wordCounts: Map<string, number>): Map<string, number> {
  const scores = new Map<string, number>();
  const wordsPerPiece = new Map<string, number>();
  const add = (piece: string, count: number) => {
    scores.set(piece, (scores.get(piece) ?? 0) + count);
    wordsPerPiece.set(piece, (wordsPerPiece.get(piece) ?? 0) + 1);
  };
  for (const [word, count] of wordCounts) {
    const chars = [...word];
    const pieces = new Set<string>();
    for (let len = PREFIX_LENGTHS.min; len <= PREFIX_LENGTHS.max && len < chars.length; len++) {
      pieces.add(chars.slice(0, len).join(''));
    }
    for (let start = 1; start < chars.length; start++) {
      for (let len = SUFFIX_LENGTHS.min; len <= SUFFIX_LENGTHS.max; len++) {
        if (start + len > chars.length) break;
        pieces.add(CONTINUATION_PREFIX + chars.slice(start, start + len).join(''));
      }
    }
    for (const piece of pieces) add(piece, count);
  }
  for (const [piece, words] of wordsPerPiece) {
    if (words < MIN_WORDS_PER_PIECE) scores.delete(piece);
  }
  return scores;
}

/** Appends up to `limit` tokens from `ranked` that are not in the vocabulary yet. */
function appendNew(tokens: string[], seen: Set<string>, ranked: string[], limit: number): void {
  let added = 0;
  for (const token of ranked) {
    if (added >= limit) break;
    if (seen.has(token)) continue;
    seen.add(token);
    tokens.push(token);
    added++;
  }
}

/** Tokens in id order: specials, characters, `##` characters, words, subword pieces, filler. */
export function buildVocabulary(
  wordCounts: Map<string, number>,
  options: VocabularyOptions,
): string[] {
  const tokens = specialLayout();
  const seen = new Set(tokens);
  const budget = options.size - tokens.length;
  if (budget < 0) throw new Error(`Vocabulary size ${options.size} is below the special tokens'`);

  const chars = rankByScore(characterScores(wordCounts)).slice(
    0,
    Math.floor((budget * MAX_CHAR_SHARE) / 2),
  );
  appendNew(tokens, seen, chars, chars.length);
  appendNew(
    tokens,
    seen,
    chars.map((c) => CONTINUATION_PREFIX + c),
    chars.length,
  );

  const pieces = rankByScore(subwordScores(wordCounts));
  const left = options.size - tokens.length;
  const pieceReserve = Math.min(pieces.length, Math.floor(left * MAX_SUBWORD_SHARE));
  appendNew(tokens, seen, rankByScore(wordCounts), left - pieceReserve);
  appendNew(tokens, seen, pieces, options.size - tokens.length);

  if (options.fill) {
    for (let n = LEADING_UNUSED; tokens.length < options.size; n++) tokens.push(`[unused${n}]`);
  }
  return tokens;
}
