import type { DocumentInput } from '../embed/embedder.js';
import { isStopword, stem, tokenize } from '../embed/text-analyzer.js';
import { luceneIdf as idf, TITLE_WEIGHT } from '../index/bm25.js';
import type { TextTerm } from '../index/text-index.js';

/** Where an expansion term came from: pseudo-relevance feedback, or a synonym of a query word. */
export type TermOrigin = { kind: 'rm3' } | { kind: 'synonym'; of: string };

/**
 * One query term, as the text index seam takes it: `word` is the analysed word before stemming
 * (for engines that stem with their own rules: a word stemmed twice can miss), `stem` the
 * analyser's stem (what a query and a paper are compared on when explaining a match). A term
 * an expansion added names its origin; the query's own terms have none.
 */
export interface QueryTerm extends TextTerm {
  origin?: TermOrigin;
}

/** Terms best first; an empty query matches nothing. */
export interface LexicalQuery {
  terms: QueryTerm[];
  /** How many of the first terms are sent to the index; the rest only explain matches. */
  searched: number;
}

/** Free-text queries past this many distinct terms search with their first ones. */
export const MAX_TEXT_TERMS = 64;
/**
 * How a "more like this" query is searched: its `terms` best terms, each weighing its score
 * over the best term's when `boost` is set (Lucene's MoreLikeThis boost, Elasticsearch's
 * boost_terms), else 1.
 */
export interface LikeParameters {
  terms: number;
  boost: boolean;
}

/**
 * Lucene's MoreLikeThis term count, boosted: on the judged related cases boosting gained on
 * every set and fewer terms lost (docs/ranking.md).
 */
export const LIKE_DEFAULTS: LikeParameters = { terms: 25, boost: true };
/** Terms a "more like this" query keeps by default. */
export const LIKE_TERMS = LIKE_DEFAULTS.terms;
export { idf, TITLE_WEIGHT };
/** Candidate terms of a paper whose document frequency is looked up, most frequent first. */
const LIKE_CANDIDATES = 64;

/** Analysed words of a text (no stopwords, not stemmed), in order, with their stems. */
export function analyzedWords(text: string): Array<{ word: string; stem: string }> {
  return tokenize(text)
    .filter((token) => !isStopword(token))
    .map((word) => ({ word, stem: stem(word) }));
}

/** A free-text query: its distinct terms in the order written, equally weighted. */
export function textQuery(text: string): LexicalQuery {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const { word, stem } of analyzedWords(text)) {
    if (seen.has(stem)) continue;
    seen.add(stem);
    terms.push({ word, stem, weight: 1 });
  }
  return { terms, searched: Math.min(terms.length, MAX_TEXT_TERMS) };
}

/** Corpus statistics a "more like this" query weighs terms with. */
export interface TermStatistics {
  papers: number;
  /** Papers containing each term (as the text index matches it). */
  documentFrequencies(terms: readonly QueryTerm[]): Promise<number[]>;
}

/**
 * A "more like this" query for papers like `positive` and unlike `negative`, as Lucene's
 * MoreLikeThis builds one: each stem's mean count in the positives (title words counting
 * TITLE_WEIGHT times) minus its mean count in the negatives, times its Lucene BM25 idf. The
 * LIKE_TERMS best terms are searched, each by its most frequent word.
 */
export async function likeQuery(
  positive: readonly DocumentInput[],
  negative: readonly DocumentInput[],
  stats: TermStatistics,
  parameters: LikeParameters = LIKE_DEFAULTS,
): Promise<LexicalQuery> {
  const candidates = likeCandidates(positive, negative);
  const frequencies = await stats.documentFrequencies(candidates.map((c) => c.term));
  const scored: Array<{ term: QueryTerm; score: number }> = [];
  candidates.forEach(({ term, count }, i) => {
    const df = frequencies[i];
    // A word the index never saw (a compound it splits differently) cannot match anything.
    if (df > 0) scored.push({ term, score: count * idf(stats.papers, df) });
  });
  scored.sort((a, b) => b.score - a.score || a.term.stem.localeCompare(b.term.stem));
  const best = scored[0]?.score ?? 1;
  const terms = scored.map(({ term, score }) => ({
    ...term,
    weight: parameters.boost ? score / best : 1,
  }));
  return { terms, searched: Math.min(terms.length, parameters.terms) };
}

/** The LIKE_CANDIDATES stems most frequent in the positives net of the negatives. */
function likeCandidates(
  positive: readonly DocumentInput[],
  negative: readonly DocumentInput[],
): Array<{ term: QueryTerm; count: number }> {
  const counts = new Map<string, { words: Map<string, number>; count: number }>();
  const add = (docs: readonly DocumentInput[], sign: number) => {
    for (const doc of docs) {
      const occurrences = [
        ...analyzedWords(doc.title).map((w) => ({ ...w, n: TITLE_WEIGHT })),
        ...analyzedWords(doc.abstract).map((w) => ({ ...w, n: 1 })),
      ];
      for (const { word, stem, n } of occurrences) {
        let entry = counts.get(stem);
        if (!entry) counts.set(stem, (entry = { words: new Map(), count: 0 }));
        entry.count += (sign * n) / docs.length;
        if (sign > 0) entry.words.set(word, (entry.words.get(word) ?? 0) + n);
      }
    }
  };
  add(positive, 1);
  add(negative, -1);
  return [...counts]
    .filter(([, entry]) => entry.count > 0)
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, LIKE_CANDIDATES)
    .map(([stem, entry]) => ({
      term: { word: mostFrequent(entry.words), stem, weight: 1 },
      count: entry.count,
    }));
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [word, count] of counts) {
    if (count > bestCount || (count === bestCount && word < best)) {
      best = word;
      bestCount = count;
    }
  }
  return best;
}
