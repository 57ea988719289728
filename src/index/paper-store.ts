import type { Paper } from '../corpus/paper.js';

/** A paper as stored in an index: the record plus its integer vector label. */
export interface StoredPaper extends Paper {
  label: number;
  contentHash: string;
}

/** The facts filters test, per label; kept small so they can live in memory. */
export interface FilterFacts {
  label: number;
  year: number | null;
  categories: string[];
  authors: string[];
}

/** A paper matched by a full-text query; higher scores match better. */
export interface TextMatch {
  label: number;
  score: number;
}

export interface TextMatchOptions {
  limit: number;
  /** BM25 weight of a term found in the title, and in the abstract. */
  weights: { title: number; abstract: number };
  /** Only these papers may match (a filter pushed into the query). */
  labels?: readonly number[];
}

/** Read side of the paper store: what the search service needs. */
export interface PaperStore {
  readonly count: number;
  getById(id: string): StoredPaper | null;
  /** Papers for the given labels, in the same order; unknown labels are left out. */
  getByLabels(labels: number[]): StoredPaper[];
  filterFacts(): Iterable<FilterFacts>;
  /** Stored embeddings by label (for exact search and vector reuse). */
  vectors(dims: number): Iterable<{ label: number; vector: Float32Array }>;
  getMeta(key: string): Buffer | null;
  /**
   * Papers matching an FTS5 query over titles and abstracts, best BM25 score first. The
   * query must be valid FTS5 syntax; callers build it from analysed terms.
   */
  matchText(query: string, options: TextMatchOptions): TextMatch[];
  /** How many papers an FTS5 query matches: for one term, its document frequency. */
  countTextMatches(query: string): number;
  close(): void;
}
