import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Paper } from '../corpus/paper.js';
import { MANIFEST_FILE } from '../index/manifest.js';

/** A paper written or removed through the API since the index versions were built. */
export type PaperChange = { op: 'upsert'; paper: Paper } | { op: 'delete'; id: string };

export interface LoggedChange {
  seq: number;
  change: PaperChange;
}

export const CHANGE_LOG_FILE = 'changes.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  id TEXT NOT NULL,
  paper TEXT,
  at TEXT NOT NULL
);
`;

/**
 * The durable record of API writes, beside the versions in the index root. A write is
 * committed here (fsynced) before it is applied to the served index, so it survives a crash
 * or restart: a server replays the changes after its version's watermark, and the next
 * ingest merges them into the version it builds and records the new watermark.
 * Sequence numbers only grow (AUTOINCREMENT), even after old changes are pruned.
 */
export class ChangeLog {
  private constructor(private readonly db: Database.Database) {}

  static open(root: string): ChangeLog {
    const db = new Database(join(root, CHANGE_LOG_FILE));
    db.pragma('journal_mode = WAL');
    // FULL: a write acknowledged to a client is on disk, not only in the WAL's page cache.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new ChangeLog(db);
  }

  /** The log of a root that has one; null when no write was ever made there. */
  static openIfExists(root: string): ChangeLog | null {
    return existsSync(join(root, CHANGE_LOG_FILE)) ? ChangeLog.open(root) : null;
  }

  append(change: PaperChange): number {
    const id = change.op === 'upsert' ? change.paper.id : change.id;
    const paper = change.op === 'upsert' ? JSON.stringify(change.paper) : null;
    const result = this.db
      .prepare('INSERT INTO changes (op, id, paper, at) VALUES (?, ?, ?, ?)')
      .run(change.op, id, paper, new Date().toISOString());
    return Number(result.lastInsertRowid);
  }

  /** Changes with after < seq <= through, oldest first. */
  between(after: number, through = Number.MAX_SAFE_INTEGER): LoggedChange[] {
    const rows = this.db
      .prepare('SELECT seq, op, id, paper FROM changes WHERE seq > ? AND seq <= ? ORDER BY seq')
      .all(after, through) as Array<{ seq: number; op: string; id: string; paper: string | null }>;
    return rows.map((row) => ({
      seq: row.seq,
      change:
        row.op === 'upsert'
          ? { op: 'upsert', paper: JSON.parse(row.paper as string) as Paper }
          : { op: 'delete', id: row.id },
    }));
  }

  /** Highest sequence number written so far (0 when none). */
  lastSeq(): number {
    const row = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Drops changes every kept version already holds. */
  pruneThrough(seq: number): number {
    return this.db.prepare('DELETE FROM changes WHERE seq <= ?').run(seq).changes;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The log a server writes API changes to, or null where it cannot: a bare version directory
 * (no root to keep a log in) or a root it may not write (say, a read-only mount).
 */
export function openServerChangeLog(
  root: string,
  onError: (error: unknown) => void,
): ChangeLog | null {
  if (existsSync(join(root, MANIFEST_FILE))) return null;
  try {
    return ChangeLog.open(root);
  } catch (error) {
    onError(error);
    return null;
  }
}
