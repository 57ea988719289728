import type { DocumentInput } from '../embed/embedder.js';
import { highlightAll, highlightSnippet } from './highlight.js';
import type { LexicalQuery } from './lexical-query.js';

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
 * searched: all of a free-text query's, a source paper's most telling ones.
 */
export interface Explanation {
  terms: string[];
  title: string;
  snippet: string;
  ranks: Ranks;
}

export function explain(paper: DocumentInput, query: LexicalQuery, ranks: Ranks): Explanation {
  const searched = query.terms.slice(0, query.searched);
  const stems = new Set(searched.map((t) => t.stem));
  const title = highlightAll(paper.title, stems);
  const snippet = highlightSnippet(paper.abstract, stems);
  // Two stems can share a word ("low-precision": low, precis); list each word once.
  const words = searched
    .map((t) => title.matched.get(t.stem) ?? snippet.matched.get(t.stem))
    .filter((word): word is string => word !== undefined);
  const terms = [...new Set(words)].slice(0, MAX_EXPLAIN_TERMS);
  return { terms, title: title.html, snippet: snippet.html, ranks };
}
