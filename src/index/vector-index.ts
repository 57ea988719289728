import type { Restriction } from './filter.js';
import type { Scored } from './scored.js';

/** A neighbour of a query vector; the score is the cosine similarity. */
export type Neighbour = Scored;

/**
 * Nearest neighbours among one index version's papers, by cosine similarity of L2-normalised
 * vectors. Async because a remote engine may sit behind it; the filter is data, translated by
 * each engine, and a filtered search returns k results whenever k papers pass.
 */
export interface VectorIndex {
  readonly dims: number;
  /** Live (not deleted) vectors. */
  size(): Promise<number>;
  /** The k most similar papers passing the restriction, best first. */
  search(vector: Float32Array, k: number, restriction?: Restriction): Promise<Neighbour[]>;
  /** Stored vectors by label, in order; null for a label the index does not hold. */
  vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>>;
}

/** The write side of a build: vectors added, replaced or removed by label. */
export interface VectorWriter {
  readonly dims: number;
  /** Vectors held (an update starts with the base's when they were built the same way). */
  size(): Promise<number>;
  /** Adds each vector under its label, replacing the one the label had. */
  put(entries: ReadonlyArray<{ label: number; vector: Float32Array }>): Promise<void>;
  remove(labels: readonly number[]): Promise<void>;
  /** Vectors already held (an update starts from the base's), by label; null when absent. */
  vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>>;
}
