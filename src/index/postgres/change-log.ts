import type { Paper } from '../../corpus/paper.js';
import type { ChangeLog, LoggedChange, PaperChange } from '../change-log.js';
import type { Database } from './connection.js';
import type { IndexNames } from './names.js';

/**
 * API writes in Postgres, shared by every server of the index. Sequence numbers come from a
 * one-row counter updated in the append's transaction: its row lock makes appends commit in
 * sequence order, so a reader that sees seq n has every change before it (a sequence object
 * would let n+1 commit before n, and a server replaying "after n" would skip n). Numbers only
 * grow, pruning included.
 */
export class PostgresChangeLog implements ChangeLog {
  constructor(
    private readonly db: Database,
    private readonly names: IndexNames,
  ) {}

  async append(change: PaperChange): Promise<number> {
    const id = change.op === 'upsert' ? change.paper.id : change.id;
    const paper = change.op === 'upsert' ? JSON.stringify(change.paper) : null;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ seq: string }>(
        `UPDATE ${this.names.table('change_counter')} SET seq = seq + 1 RETURNING seq`,
      );
      const seq = Number(rows[0].seq);
      await tx.query(
        `INSERT INTO ${this.names.table('changes')} (seq, op, id, paper) VALUES ($1, $2, $3, $4::jsonb)`,
        [seq, change.op, id, paper],
      );
      return seq;
    });
  }

  async between(after: number, through = Number.MAX_SAFE_INTEGER): Promise<LoggedChange[]> {
    const rows = await this.db.query<{ seq: string; op: string; id: string; paper: Paper | null }>(
      `SELECT seq, op, id, paper FROM ${this.names.table('changes')} WHERE seq > $1 AND seq <= $2 ORDER BY seq`,
      [after, through],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      change:
        row.op === 'upsert'
          ? { op: 'upsert', paper: row.paper as Paper }
          : { op: 'delete', id: row.id },
    }));
  }

  async lastSeq(): Promise<number> {
    const rows = await this.db.query<{ seq: string }>(
      `SELECT seq FROM ${this.names.table('change_counter')}`,
    );
    return Number(rows[0].seq);
  }

  async pruneThrough(seq: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${this.names.table('changes')} WHERE seq <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [seq],
    );
    return rows[0].n;
  }

  /** The pool belongs to the backend; nothing to release here. */
  async close(): Promise<void> {}
}
