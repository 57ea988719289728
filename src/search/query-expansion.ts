import type { LexicalQuery, TermStatistics } from './lexical-query.js';
import type { RankMode } from './rank-mode.js';
import { rm3Query, RM3_DEFAULTS, type FeedbackPaper } from './rm3.js';
import { withSynonyms } from './synonyms.js';

/**
 * Ways a free-text query's lexical half can be expanded: `rm3`, pseudo-relevance feedback
 * from the papers a first search ranks top; `synonyms`, WordNet synonyms of the query's words.
 */
export const EXPANSIONS = ['rm3', 'synonyms'] as const;
export type Expansion = (typeof EXPANSIONS)[number];

/**
 * Expansions a free-text query gets unless the request says otherwise, by mode, chosen on
 * every judged collection (docs/ranking.md). RM3 gained in lexical mode on each collection
 * but SciFact (where it held); in hybrid its gain was a few thousandths for a second search
 * and the analysis of ten papers, so hybrid does without. WordNet synonyms helped nowhere.
 */
export const DEFAULT_EXPANSIONS: Readonly<Record<RankMode, readonly Expansion[]>> = {
  lexical: ['rm3'],
  hybrid: [],
  semantic: [],
};

/** What expanding needs from the index: term statistics and a first search for feedback. */
export interface ExpansionContext {
  stats: TermStatistics;
  /** The best `depth` papers for a query, with their texts and BM25 scores. */
  feedback(query: LexicalQuery, depth: number): Promise<FeedbackPaper[]>;
}

/** The query with the chosen expansions applied: synonyms first, so feedback searches with them. */
export async function expandQuery(
  query: LexicalQuery,
  expansions: readonly Expansion[],
  context: ExpansionContext,
): Promise<LexicalQuery> {
  let expanded = query;
  if (expansions.includes('synonyms')) expanded = await withSynonyms(expanded, context.stats);
  if (expansions.includes('rm3') && expanded.searched > 0) {
    const feedback = await context.feedback(expanded, RM3_DEFAULTS.feedbackDocs);
    expanded = await rm3Query(expanded, feedback, context.stats);
  }
  return expanded;
}
