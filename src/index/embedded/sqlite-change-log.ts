import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { noExtras, type Paper } from '../../corpus/paper.js';
import type { ChangeLog, LoggedChange, PaperChange } from '../change-log.js';
import { SqliteDatabase } from './sqlite-database.js';

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
 * The change log of an embedded index root: one SQLite file beside the versions. Writes are
 * fsynced (synchronous FULL): a write acknowledged to a client is on disk, not only in the
 * WAL's page cache. AUTOINCREMENT keeps sequence numbers growing after pruning.
 */
export class SqliteChangeLog implements ChangeLog {
  private constructor(private readonly db: SqliteDatabase) {}

  static open(root: string): SqliteChangeLog {
    const db = SqliteDatabase.open(join(root, CHANGE_LOG_FILE), { synchronous: 'FULL' });
    db.handle.exec(SCHEMA);
    return new SqliteChangeLog(db);
  }

  /** The log of a root that has one; null when no write was ever made there. */
  static openIfExists(root: string): SqliteChangeLog | null {
    return existsSync(join(root, CHANGE_LOG_FILE)) ? SqliteChangeLog.open(root) : null;
  }

  async append(change: PaperChange): Promise<number> {
    const id = change.op === 'upsert' ? change.paper.id : change.id;
    const paper = change.op === 'upsert' ? JSON.stringify(change.paper) : null;
    const result = this.db
      .sql('INSERT INTO changes (op, id, paper, at) VALUES (?, ?, ?, ?)')
      .run(change.op, id, paper, new Date().toISOString());
    return Number(result.lastInsertRowid);
  }

  async between(after: number, through = Number.MAX_SAFE_INTEGER): Promise<LoggedChange[]> {
    const rows = this.db
      .sql('SELECT seq, op, id, paper FROM changes WHERE seq > ? AND seq <= ? ORDER BY seq')
      .all(after, through) as Array<{ seq: number; op: string; id: string; paper: string | null }>;
    return rows.map((row) => ({
      seq: row.seq,
      change:
        row.op === 'upsert'
          ? // Writes logged before papers had DOIs, venues and keywords lack them.
            {
              op: 'upsert',
              paper: { ...noExtras(), ...(JSON.parse(row.paper as string) as Paper) },
            }
          : { op: 'delete', id: row.id },
    }));
  }

  async lastSeq(): Promise<number> {
    const row = this.db.sql("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  async pruneThrough(seq: number): Promise<number> {
    return this.db.sql('DELETE FROM changes WHERE seq <= ?').run(seq).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
