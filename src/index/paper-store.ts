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
  close(): void;
}
