import { contentHash } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import type { OverlayStore } from '../index/overlay-store.js';
import type { VectorGraph } from '../index/vector-graph.js';
import type { FilterIndex } from '../search/filters.js';
import type { ChangeLog, LoggedChange, PaperChange } from './change-log.js';

/** What a change does to the index it is applied to. */
export type ChangeEffect = 'created' | 'updated' | 'unchanged' | 'deleted' | 'not_found';

/** A change ready to apply: upserts carry their embedding. */
export interface PreparedChange {
  change: PaperChange;
  vector: Float32Array | null;
}

/**
 * Applies API writes to one loaded index version in memory: the overlay store, the vector
 * index and the filters together. `appliedThrough` is the last change-log sequence this
 * version reflects; it starts at the version's watermark (the changes its ingest merged).
 */
export class LiveChanges {
  constructor(
    private readonly store: OverlayStore,
    private readonly vectors: VectorGraph,
    private readonly filters: FilterIndex,
    private readonly embedder: Pick<Embedder, 'embedDocuments'>,
    private through: number,
  ) {}

  get appliedThrough(): number {
    return this.through;
  }

  /** Decided before logging, so a write that changes nothing is not logged. */
  effectOf(change: PaperChange): ChangeEffect {
    if (change.op === 'delete') return this.store.getById(change.id) ? 'deleted' : 'not_found';
    const current = this.store.getById(change.paper.id);
    if (!current) return 'created';
    return current.contentHash === contentHash(change.paper) ? 'unchanged' : 'updated';
  }

  /** Embeds the upserts' papers in one call, with the version's own embedder. */
  async prepare(changes: PaperChange[]): Promise<PreparedChange[]> {
    const papers = changes.flatMap((c) => (c.op === 'upsert' ? [c.paper] : []));
    const vectors = papers.length > 0 ? await this.embedder.embedDocuments(papers) : [];
    let next = 0;
    return changes.map((change) => ({
      change,
      vector: change.op === 'upsert' ? vectors[next++] : null,
    }));
  }

  /** Applies prepared changes in order and records the last sequence number. Synchronous. */
  apply(prepared: PreparedChange[], through: number): void {
    for (const { change, vector } of prepared) {
      if (change.op === 'delete') {
        const removed = this.store.remove(change.id);
        if (removed !== null) this.vectors.markDeleted(removed);
        continue;
      }
      // A replayed write can match what the version already holds (after a rollback, say).
      if (this.effectOf(change) === 'unchanged') continue;
      const { label, replaced } = this.store.upsert(
        change.paper,
        contentHash(change.paper),
        vector as Float32Array,
      );
      if (replaced !== null) this.vectors.markDeleted(replaced);
      this.vectors.add(label, vector as Float32Array);
    }
    this.filters.setPending(this.store.pendingFilterFacts());
    this.through = Math.max(this.through, through);
  }

  /** Replays whatever the log holds past this version's last applied change. */
  async catchUp(log: ChangeLog): Promise<number> {
    const todo: LoggedChange[] = log.between(this.through);
    if (todo.length === 0) return 0;
    const prepared = await this.prepare(todo.map((t) => t.change));
    this.apply(prepared, todo[todo.length - 1].seq);
    return todo.length;
  }
}
