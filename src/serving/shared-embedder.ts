import type { DocumentInput, Embedder } from '../embed/embedder.js';
import type { QueryBatcher } from './query-batcher.js';

/**
 * A loaded embedder and the query batcher in front of it, shared by consecutive index
 * versions built with the same embedder: a reload then skips loading the model again, and
 * old and new versions queue their queries in one batcher instead of running the model
 * twice at once. Each version holds one reference; the last release disposes the model.
 */
export class SharedEmbedder {
  private users = 1;

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
    return this.batcher.embedDocuments(docs);
  }
}
