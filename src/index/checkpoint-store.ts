/**
 * Embeddings already computed, keyed by the hash of the exact text the embedder saw, for one
 * embedder fingerprint: a killed build resumes from them and later builds reuse them, so a
 * change to a paper's authors or URL re-embeds nothing.
 */
export interface CheckpointStore {
  /** Stored vectors for the hashes that have one. */
  get(textHashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Stores the vectors in one transaction: a window of work is kept whole or not at all. */
  put(entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>): Promise<void>;
  close(): Promise<void>;
}
