import type { Paper } from '../corpus/paper.js';

/**
 * Everything needed to recreate an embedder when an index is loaded; stored in the manifest.
 * `kind` selects the implementation; the rest is implementation-specific but JSON-serialisable.
 */
export interface EmbedderSpec {
  kind: 'transformer' | 'lexical';
  [key: string]: unknown;
}

export type DocumentInput = Pick<Paper, 'title' | 'abstract'>;

/** Turns papers and queries into L2-normalised vectors of a fixed dimension. */
export interface Embedder {
  /** Human-readable identity, e.g. `transformer:Xenova/all-MiniLM-L6-v2:fp32`. */
  readonly id: string;
  readonly dims: number;
  /**
   * Whether its embeddings are worth keeping for resuming and reusing builds: a transformer's
   * are; a lexical model's are cheaper to compute again than to store and read back.
   */
  readonly checkpointed: boolean;
  /** Changes whenever the vectors would change (model files, pooling, fitted state). */
  fingerprint(): string;
  spec(): EmbedderSpec;
  embedDocuments(docs: DocumentInput[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  /** Several queries in one call, where batching is cheaper than one call each. */
  embedQueries?(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
