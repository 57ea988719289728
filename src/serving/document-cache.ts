import { textHash } from '../corpus/paper.js';
import type { DocumentInput } from '../embed/embedder.js';

/**
 * Vectors of documents embedded while serving (a library's references the index lacks), kept
 * by the hash of the text the embedder sees and the embedder's fingerprint: a reader's library
 * is sent again with every recommendation, and its abstracts are embedded once rather than on
 * each request. The least recently used entries go first once `capacity` is reached; a text
 * being embedded is shared by concurrent requests, and a failed embedding is not kept.
 */
export class DocumentCache {
  private readonly entries = new Map<string, Promise<Float32Array>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`the document cache capacity must be a whole number, got ${capacity}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The documents' vectors, in order; only those not cached go to `embed`, in one call. */
  async embed(
    docs: readonly DocumentInput[],
    fingerprint: string,
    embed: (missing: DocumentInput[]) => Promise<Float32Array[]>,
  ): Promise<Float32Array[]> {
    const keys = docs.map((doc) => `${fingerprint}:${textHash(doc)}`);
    const missing = new Map<string, DocumentInput>();
    for (const [i, key] of keys.entries()) {
      if (!this.entries.has(key)) missing.set(key, docs[i]);
    }
    if (missing.size > 0) this.embedMissing(missing, embed);
    const vectors = keys.map((key) => this.entries.get(key) as Promise<Float32Array>);
    this.touch(keys);
    return Promise.all(vectors);
  }

  private embedMissing(
    missing: Map<string, DocumentInput>,
    embed: (docs: DocumentInput[]) => Promise<Float32Array[]>,
  ): void {
    const batch = embed([...missing.values()]);
    for (const [i, key] of [...missing.keys()].entries()) {
      const vector = batch.then((vectors) => vectors[i]);
      // A failure reaches the requests waiting on it and is not remembered for the next.
      vector.catch(() => this.entries.get(key) === vector && this.entries.delete(key));
      this.entries.set(key, vector);
    }
  }

  /** Marks `keys` most recently used; the oldest entries go once over capacity. */
  private touch(keys: readonly string[]): void {
    for (const key of keys) {
      const vector = this.entries.get(key);
      if (!vector) continue;
      this.entries.delete(key);
      this.entries.set(key, vector);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
