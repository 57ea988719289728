import type { DocumentInput, Embedder } from '../embed/embedder.js';
import { SerialQueue } from './serial-queue.js';

export type QueryEmbedder = Pick<Embedder, 'embedQuery' | 'embedQueries' | 'embedDocuments'>;

interface Pending {
  text: string;
  resolve(vector: Float32Array): void;
  reject(error: unknown): void;
}

type Outcome = { vector: Float32Array } | { error: unknown };

/** Told about every embedding call: how many queries went in, and how long it took. */
export type BatchObserver = (size: number, seconds: number) => void;

/**
 * Sits in front of the embedder so concurrent queries do not thrash it: one embedding call
 * runs at a time, and queries that arrive meanwhile (or in the same event-loop turn) go
 * together in the next call, as one batch when the embedder can batch queries. Documents
 * embedded while serving (references of a library to recommend from) take their turn in the
 * same line, so the model never runs twice at once.
 */
export class QueryBatcher {
  private queue: Pending[] = [];
  private draining = false;
  private readonly turns = new SerialQueue();

  constructor(
    private readonly embedder: QueryEmbedder,
    private readonly maxBatch = 16,
    private readonly onBatch?: BatchObserver,
  ) {}

  embed(text: string): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Wait one turn: requests parsed in the same I/O phase join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Documents (title and abstract) embedded in one call, between query batches. */
  embedDocuments(docs: DocumentInput[]): Promise<Float32Array[]> {
    return this.turns.run(() => this.embedder.embedDocuments(docs));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      // Identical texts in one batch are embedded once.
      const started = performance.now();
      const texts = [...new Set(batch.map((p) => p.text))];
      const outcomes = await this.turns.run(() => this.embedAll(texts));
      this.onBatch?.(batch.length, (performance.now() - started) / 1000);
      for (const pending of batch) {
        const outcome = outcomes.get(pending.text) as Outcome;
        if ('vector' in outcome) pending.resolve(outcome.vector);
        else pending.reject(outcome.error);
      }
    }
    this.draining = false;
  }

  private async embedAll(texts: string[]): Promise<Map<string, Outcome>> {
    if (this.embedder.embedQueries) {
      try {
        const vectors = await this.embedder.embedQueries(texts);
        return new Map(texts.map((text, i) => [text, { vector: vectors[i] }]));
      } catch (error) {
        if (texts.length === 1) return new Map([[texts[0], { error }]]);
        // One bad query must not fail its batch-mates: retry them one at a time.
      }
    }
    const outcomes = new Map<string, Outcome>();
    for (const text of texts) {
      try {
        outcomes.set(text, { vector: await this.embedder.embedQuery(text) });
      } catch (error) {
        outcomes.set(text, { error });
      }
    }
    return outcomes;
  }
}
