import type { Neighbour } from './vector-index.js';

export type LabelFilter = (label: number) => boolean;

/**
 * In-process nearest-neighbour structure over L2-normalised vectors keyed by integer labels
 * (the embedded engine's graph or exact scan). Synchronous: it runs on the calling thread.
 */
export interface VectorGraph {
  readonly dims: number;
  /** Number of live (not deleted) vectors. */
  readonly size: number;
  add(label: number, vector: Float32Array): void;
  /** The k nearest passing the filter; free text (see Restriction) may be searched wider. */
  search(vector: Float32Array, k: number, filter?: LabelFilter, freeText?: boolean): Neighbour[];
  getVector(label: number): Float32Array | null;
  markDeleted(label: number): void;
  save(file: string): Promise<void>;
}
