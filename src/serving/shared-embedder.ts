import type { DocumentInput, Embedder } from '../embed/embedder.js';
import { DocumentCache } from './document-cache.js';
import type { QueryBatcher } from './query-batcher.js';

/**
 * Library references kept embedded, at most: enough for the libraries of many readers, few
 * enough that the vectors stay a small share of a server's memory.
 */
export const CACHED_DOCUMENTS = 10_000;

/**
 * A loaded embedder and the query batcher in front of it, shared by consecutive index
 * versions built with the same embedder: a reload then skips loading the model again, and
 * old and new versions queue their queries in one batcher instead of running the model
 * twice at once. Each version holds one reference; the last release disposes the model.
 * Documents embedded while serving are cached, so a library sent again costs no inference.
 */
export class SharedEmbedder {
  private users = 1;
  private readonly documents = new DocumentCache(CACHED_DOCUMENTS);

  constructor(
    readonly embedder: Embedder,
    readonly batcher: QueryBatcher,
  ) {}

  get fingerprint(): string {
    return this.embedder.fingerprint();
  }

  /** One more version uses it; refused once it has been disposed. */
  acquire(): this {
    if (this.users === 0) throw new Error('the shared embedder has already been disposed');
    this.users++;
    return this;
  }

  async release(): Promise<void> {
    if (this.users === 0) return;
    this.users--;
    if (this.users === 0) await this.embedder.dispose();
  }

  embedQuery(text: string): Promise<Float32Array> {
    return this.batcher.embed(text);
  }

  embedDocuments(docs: DocumentInput[]): Promise<Float32Array[]> {
    return this.documents.embed(docs, this.fingerprint, (missing) =>
      this.batcher.embedDocuments(missing),
    );
  }
}
