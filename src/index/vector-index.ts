/** Result of a k-nearest-neighbour query, best first. Scores are cosine similarities. */
export interface Neighbour {
  label: number;
  score: number;
}

export type LabelFilter = (label: number) => boolean;

/** Nearest-neighbour search over L2-normalised vectors keyed by integer labels. */
export interface VectorIndex {
  readonly dims: number;
  /** Number of live (not deleted) vectors. */
  readonly size: number;
  add(label: number, vector: Float32Array): void;
  search(vector: Float32Array, k: number, filter?: LabelFilter): Neighbour[];
  getVector(label: number): Float32Array | null;
  markDeleted(label: number): void;
  save(file: string): Promise<void>;
}
