import type { DocumentInput } from '../embed/embedder.js';
import { highlightAll, highlightSnippet } from './highlight.js';
import type { LexicalQuery, TermOrigin } from './lexical-query.js';

/** Shared terms listed per result, at most. */
export const MAX_EXPLAIN_TERMS = 20;

/** A result's 1-based place in each ranking, or null when it is not in that ranking's top. */
export interface Ranks {
  semantic: number | null;
  lexical: number | null;
}

/**
 * Why a paper was returned. `title` and `snippet` are HTML: shared terms wrapped in
 * <mark>…</mark>, all other text escaped. `terms` are the shared words as the paper spells
 * them, most important to the query first. Shared means with the terms the lexical ranking
 * searched for the request itself: all of a free-text query's, a source paper's most telling
 * ones. Terms an expansion added are listed under `expanded` and never marked: a reader who
 * searched one word should not see others highlighted as if they had typed them.
 */
export interface Explanation {
  terms: string[];
  title: string;
  snippet: string;
  ranks: Ranks;
  /** Terms an expansion added to the query, heaviest first; absent when none was added. */
  expanded?: ExpandedTerm[];
}

/** A term an expansion added, its weight relative to the query's heaviest term (1). */
export interface ExpandedTerm {
  word: string;
  weight: number;
  origin: TermOrigin;
}

export function explain(paper: DocumentInput, query: LexicalQuery, ranks: Ranks): Explanation {
  const own = query.terms.slice(0, query.searched).filter((t) => !t.origin);
  const stems = new Set(own.map((t) => t.stem));
  const title = highlightAll(paper.title, stems);
  const snippet = highlightSnippet(paper.abstract, stems);
  // Two stems can share a word ("low-precision": low, precis); list each word once.
  const words = own
    .map((t) => title.matched.get(t.stem) ?? snippet.matched.get(t.stem))
    .filter((word): word is string => word !== undefined);
  const terms = [...new Set(words)].slice(0, MAX_EXPLAIN_TERMS);
  const expanded = expandedTerms(query);
  return { terms, title: title.html, snippet: snippet.html, ranks, ...(expanded && { expanded }) };
}

/** The searched terms an expansion added, weighed against the heaviest searched term. */
function expandedTerms(query: LexicalQuery): ExpandedTerm[] | undefined {
  const searched = query.terms.slice(0, query.searched);
  const added = searched.filter((t) => t.origin);
  if (added.length === 0) return undefined;
  const heaviest = Math.max(...searched.map((t) => t.weight));
  return added
    .map(({ word, weight, origin }) => ({ word, weight: weight / heaviest, origin: origin! }))
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
    .slice(0, MAX_EXPLAIN_TERMS);
}
