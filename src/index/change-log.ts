import type { Paper } from '../corpus/paper.js';

/** A paper written or removed through the API since the index versions were built. */
export type PaperChange = { op: 'upsert'; paper: Paper } | { op: 'delete'; id: string };

export interface LoggedChange {
  seq: number;
  change: PaperChange;
}

/**
 * The durable record of API writes beside an index's versions. A write is committed here
 * before it is applied to the served version, so it survives a crash or restart: servers
 * replay the changes after their version's watermark, and the next ingest merges them into
 * the version it builds. Sequence numbers only grow, even after old changes are pruned.
 */
export interface ChangeLog {
  append(change: PaperChange): Promise<number>;
  /** Changes with after < seq <= through, oldest first. */
  between(after: number, through?: number): Promise<LoggedChange[]>;
  /** Highest sequence number written so far (0 when none). */
  lastSeq(): Promise<number>;
  /** Drops changes every kept version already holds. */
  pruneThrough(seq: number): Promise<number>;
  close(): Promise<void>;
}
