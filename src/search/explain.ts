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
 * them, most important to the query first.
 */
export interface Explanation {
  terms: string[];
  title: string;
  snippet: string;
  ranks: Ranks;
}

export function explain(paper: DocumentInput, query: LexicalQuery, ranks: Ranks): Explanation {
  const stems = new Set(query.terms.map((t) => t.stem));
  const title = highlightAll(paper.title, stems);
  const snippet = highlightSnippet(paper.abstract, stems);
  const terms = query.terms
    .map((t) => title.matched.get(t.stem) ?? snippet.matched.get(t.stem))
    .filter((word): word is string => word !== undefined)
    .slice(0, MAX_EXPLAIN_TERMS);
  return { terms, title: title.html, snippet: snippet.html, ranks };
}
