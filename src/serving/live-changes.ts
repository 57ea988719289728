import { contentHash, textHash, type Paper } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import type { ChangeLog, LoggedChange, PaperChange } from '../index/change-log.js';
import type { Overlay } from './overlay.js';

/** What a change does to the index it is applied to. */
export type ChangeEffect = 'created' | 'updated' | 'unchanged' | 'deleted' | 'not_found';

/** A change ready to apply: upserts carry their embedding. */
export interface PreparedChange {
  change: PaperChange;
  vector: Float32Array | null;
}

/**
 * Applies API writes to one loaded index version in memory, through its overlay.
 * `appliedThrough` is the last change-log sequence this version reflects; it starts at the
 * version's watermark (the changes its ingest merged).
 */
export class LiveChanges {
  constructor(
    private readonly overlay: Overlay,
    private readonly embedder: Pick<Embedder, 'embedDocuments'>,
    private through: number,
  ) {}

  get appliedThrough(): number {
    return this.through;
  }

  /** When the overlay last went from empty to holding changes (ms since the epoch). */
  private heldSince: number | null = null;

  /** The changes held in memory over the version, and since when: what a fold would publish. */
  get pending(): { changes: number; since: number | null } {
    const changes = this.overlay.changeCount;
    return { changes, since: changes > 0 ? this.heldSince : null };
  }

  /** Decided before logging, so a write that changes nothing is not logged. */
  async effectOf(change: PaperChange): Promise<ChangeEffect> {
    const id = change.op === 'delete' ? change.id : change.paper.id;
    const current = await this.overlay.records.find({ id });
    if (change.op === 'delete') return current ? 'deleted' : 'not_found';
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

  /** Applies prepared changes in order and records the last sequence number. */
  async apply(prepared: PreparedChange[], through: number): Promise<void> {
    if (this.overlay.changeCount === 0) this.heldSince = Date.now();
    for (const { change, vector } of prepared) {
      if (change.op === 'delete') {
        await this.overlay.remove(change.id);
        continue;
      }
      // A replayed write can match what the version already holds (after a rollback, say).
      if ((await this.effectOf(change)) === 'unchanged') continue;
      await this.overlay.upsert(this.stored(change.paper), vector as Float32Array);
    }
    this.through = Math.max(this.through, through);
  }

  /** Replays whatever the log holds past this version's last applied change. */
  async catchUp(log: ChangeLog): Promise<number> {
    const todo: LoggedChange[] = await log.between(this.through);
    if (todo.length === 0) return 0;
    const prepared = await this.prepare(todo.map((t) => t.change));
    await this.apply(prepared, todo[todo.length - 1].seq);
    return todo.length;
  }

  private stored(paper: Paper) {
    return { ...paper, contentHash: contentHash(paper), textHash: textHash(paper) };
  }
}
