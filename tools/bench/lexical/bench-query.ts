import type { TextTerm } from '../../../src/index/text-index.js';

/**
 * One benchmark query, as every engine receives it: free text (2–6 title words) or "more like
 * this" (a paper's 25 best terms by tf-idf, weighted, as the service builds them).
 */
export interface BenchQuery {
  kind: 'text' | 'like';
  /** Free text as typed; for "more like this", the terms' words. */
  text: string;
  /** Every term searched, best first (weights 1 for free text). */
  terms: TextTerm[];
  /** The terms the current service sends FTS5 (a postings budget for "more like this"). */
  budgeted: TextTerm[];
  /** The paper a "more like this" query was made from, never returned. */
  source: number | null;
}

export interface QuerySet {
  text: BenchQuery[];
  like: BenchQuery[];
}

export const QUERY_KINDS = ['text', 'like'] as const;
