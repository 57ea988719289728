import type { DocumentInput } from '../embed/embedder.js';
import {
  analyzedWords,
  type LexicalQuery,
  type QueryTerm,
  type TermStatistics,
} from './lexical-query.js';

/**
 * RM3's parameters: the relevance model is estimated from the top `feedbackDocs` papers of a
 * first search, keeps its `feedbackTerms` heaviest terms, and is interpolated with the query,
 * which keeps `originalWeight` of the mass. Anserini's feedback sizes; the query keeps more
 * than Anserini's half, which lost on claim-shaped queries (docs/ranking.md).
 */
export interface Rm3Parameters {
  feedbackDocs: number;
  feedbackTerms: number;
  originalWeight: number;
}

export const RM3_DEFAULTS: Rm3Parameters = {
  feedbackDocs: 10,
  feedbackTerms: 10,
  originalWeight: 0.85,
};

/** Terms in more than this share of the papers carry no topic and are left out of feedback. */
const MAX_DOCUMENT_SHARE = 0.1;
/**
 * A paper's most frequent terms looked up for their document frequency, as a multiple of
 * feedbackTerms: looking up every term of ten abstracts cost more than the searches, and
 * the terms a paper keeps are among its most frequent once the common ones are left out.
 */
const CANDIDATES_PER_TERM = 3;
/** Feedback terms are stems of this many characters (Anserini's bounds). */
const MIN_TERM_LENGTH = 2;
const MAX_TERM_LENGTH = 20;

/** A paper of the first search: its text and its BM25 score. */
export interface FeedbackPaper {
  doc: DocumentInput;
  score: number;
}

/**
 * The query interpolated with a relevance model of the feedback papers, as Anserini's RM3
 * builds it: each paper's term counts (pruned to its `feedbackTerms` most frequent, rare
 * enough terms) normalised to sum to 1 and weighted by the paper's score; the summed model
 * pruned to `feedbackTerms` terms and normalised; the query's weights normalised to sum to
 * 1; then each term weighs originalWeight × its query weight + (1 - originalWeight) × its
 * model weight. Terms the feedback adds are marked with their origin.
 */
export async function rm3Query(
  query: LexicalQuery,
  feedback: readonly FeedbackPaper[],
  stats: TermStatistics,
  parameters: Rm3Parameters = RM3_DEFAULTS,
): Promise<LexicalQuery> {
  const original = query.terms.slice(0, query.searched);
  if (original.length === 0 || feedback.length === 0) return query;
  const candidates = feedback
    .slice(0, parameters.feedbackDocs)
    .map((paper) =>
      mostFrequent(termCounts(paper.doc), CANDIDATES_PER_TERM * parameters.feedbackTerms),
    );
  const common = await commonStems(candidates, stats);
  const model = new Map<string, number>();
  const words = new Map<string, string>();
  candidates.forEach((counts, i) => {
    const kept = counts.filter(([stem]) => !common.has(stem)).slice(0, parameters.feedbackTerms);
    const norm = kept.reduce((sum, [, entry]) => sum + entry.count, 0);
    if (norm <= 0) return;
    for (const [stem, entry] of kept) {
      model.set(stem, (model.get(stem) ?? 0) + (entry.count / norm) * feedback[i].score);
      if (!words.has(stem)) words.set(stem, entry.word);
    }
  });
  const relevance = normalised(
    [...model]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, parameters.feedbackTerms),
  );
  return interpolate(original, relevance, words, parameters.originalWeight);
}

function interpolate(
  original: readonly QueryTerm[],
  relevance: ReadonlyMap<string, number>,
  words: ReadonlyMap<string, string>,
  originalWeight: number,
): LexicalQuery {
  const total = original.reduce((sum, t) => sum + t.weight, 0);
  const terms: QueryTerm[] = original.map((term) => ({
    ...term,
    weight:
      (originalWeight * term.weight) / total +
      (1 - originalWeight) * (relevance.get(term.stem) ?? 0),
  }));
  const inQuery = new Set(original.map((t) => t.stem));
  for (const [stem, weight] of relevance) {
    if (inQuery.has(stem)) continue;
    terms.push({
      word: words.get(stem)!,
      stem,
      weight: (1 - originalWeight) * weight,
      origin: { kind: 'rm3' },
    });
  }
  terms.sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem));
  return { terms, searched: terms.length };
}

/** Each stem's count in a paper's title and abstract, with the word it most often stems from. */
function termCounts(doc: DocumentInput): Map<string, { count: number; word: string }> {
  const counts = new Map<string, { count: number; word: string }>();
  for (const { word, stem } of analyzedWords(`${doc.title}\n${doc.abstract}`)) {
    const entry = counts.get(stem);
    if (entry) entry.count++;
    else counts.set(stem, { count: 1, word });
  }
  return counts;
}

type TermCount = [stem: string, entry: { count: number; word: string }];

/** A paper's `n` most frequent stems of a usable length, most frequent first. */
function mostFrequent(
  counts: Map<string, { count: number; word: string }>,
  n: number,
): TermCount[] {
  return [...counts]
    .filter(([stem]) => usableLength(stem))
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, n);
}

/** The stems of the feedback papers that more than MAX_DOCUMENT_SHARE of all papers hold. */
async function commonStems(
  counted: ReadonlyArray<readonly TermCount[]>,
  stats: TermStatistics,
): Promise<Set<string>> {
  const terms = new Map<string, QueryTerm>();
  for (const counts of counted) {
    for (const [stem, { word }] of counts)
      if (!terms.has(stem)) terms.set(stem, { word, stem, weight: 1 });
  }
  const list = [...terms.values()];
  const frequencies = await stats.documentFrequencies(list);
  const limit = MAX_DOCUMENT_SHARE * stats.papers;
  return new Set(list.filter((_, i) => frequencies[i] > limit).map((t) => t.stem));
}

function usableLength(stem: string): boolean {
  return stem.length >= MIN_TERM_LENGTH && stem.length <= MAX_TERM_LENGTH;
}

function normalised(entries: ReadonlyArray<[string, number]>): Map<string, number> {
  const sum = entries.reduce((total, [, weight]) => total + weight, 0);
  return new Map(sum > 0 ? entries.map(([stem, weight]) => [stem, weight / sum]) : []);
}
