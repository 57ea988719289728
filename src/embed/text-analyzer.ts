import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

// The stopword package ships no type declarations; its English list is a plain string array.
const { eng } = createRequire(import.meta.url)('stopword') as { eng: string[] };

/**
 * Tokenisation shared by every lexical method (TF-IDF/LSA now, BM25 and match explanations later),
 * so that a query and a document always meet on the same terms.
 *
 * Pipeline: Unicode NFKC, diacritics stripped, lower-cased; words are runs of letters and digits,
 * optionally joined by hyphens or apostrophes. Compounds are then resolved:
 *  - a possessive "'s" is dropped, other apostrophes removed ("model's" → model, "don't" → dont);
 *  - a hyphenated compound is glued when any part has a digit or is a single character, so names
 *    like "GPT-4", "COVID-19", "k-means", "t-SNE" become one term (gpt4, covid19, kmeans, tsne)
 *    that also matches the unhyphenated spelling; other compounds split ("self-supervised" →
 *    self, supervised) so they match the spaced spelling too.
 * Pure numbers (years, counts, "1.5") carry no topic and are dropped, as are one-character tokens.
 * Alphanumeric tokens ("3d", "t5", "gpt4") are kept unstemmed. English stopwords are removed and
 * the remaining alphabetic words Porter-stemmed.
 */

/** Bump when the output of `analyze` changes for any input: fitted lexical models depend on it. */
export const ANALYZER_VERSION = 1;

export interface AnalyzerOptions {
  /** Also emit "a b" for each pair of adjacent kept terms (after stopword removal). */
  bigrams?: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const COMBINING_MARK = /\p{M}/gu;
const HAS_DIGIT = /\p{N}/u;
const ONLY_DIGITS = /^\p{N}+$/u;
const ASCII_LETTERS = /^[a-z]+$/;
const COMPOUND_MARK = /['’-]/;
const MAX_TOKEN_LENGTH = 40;

/**
 * Function words the package's English list lacks; without them "not", "its" or "when" would
 * become frequent terms that the LSA spends components on.
 */
const EXTRA_STOPWORDS = `
  above across again against although among below does doing done during either further hence
  however its itself just neither no nor not off once onto ours own so thus therefore though
  toward towards upon us via when whether whose why within without yet
`
  .trim()
  .split(/\s+/);

const STOPWORDS: ReadonlySet<string> = new Set([...eng, ...EXTRA_STOPWORDS]);

/** Lower-cased, diacritic-free form of a text: "Schrödinger" and "Schrodinger" must match. */
function foldText(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(COMBINING_MARK, '').toLowerCase();
}

/** Resolves one hyphen/apostrophe compound into zero or more word tokens (see module comment). */
function splitCompound(compound: string): string[] {
  if (!COMPOUND_MARK.test(compound)) return [compound];
  const words = compound.replace(/['’]s$/, '').replace(/['’]/g, '');
  const parts = words.split('-');
  if (parts.length > 1 && parts.some((part) => part.length === 1 || HAS_DIGIT.test(part))) {
    return [parts.join('')];
  }
  return parts;
}

function isUsefulToken(token: string): boolean {
  return token.length > 1 && token.length <= MAX_TOKEN_LENGTH && !ONLY_DIGITS.test(token);
}

/** Word tokens in text order, before stopword removal and stemming. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of foldText(text).matchAll(WORD)) {
    for (const token of splitCompound(match[0])) {
      if (isUsefulToken(token)) tokens.push(token);
    }
  }
  return tokens;
}

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/**
 * Stems of recently seen words: a corpus repeats a small working vocabulary, and stemming is the
 * costliest step of analysis. Cleared when full, which keeps memory bounded on huge corpora.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 100_000;

/** Porter's rules are for English words; names with digits or other scripts stay as they are. */
export function stem(token: string): string {
  if (!ASCII_LETTERS.test(token)) return token;
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = stemmer(token);
    stemCache.set(token, stemmed);
  }
  return stemmed;
}

function withBigrams(terms: string[]): string[] {
  const out = terms.slice();
  for (let i = 1; i < terms.length; i++) out.push(`${terms[i - 1]} ${terms[i]}`);
  return out;
}

/** The terms a lexical index sees: tokens without stopwords, stemmed, optionally with bigrams. */
export function analyze(text: string, options: AnalyzerOptions = {}): string[] {
  const terms = tokenize(text)
    .filter((token) => !isStopword(token))
    .map(stem);
  return options.bigrams ? withBigrams(terms) : terms;
}
