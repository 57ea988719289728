import type { Queryable } from './connection.js';
import { OPEN } from './names.js';
import { DATA_COLUMNS, PARTS, type Part } from './rows.js';

/**
 * Versions share a generation's rows. A row holds one label's state from version `valid_from`
 * up to (not including) `valid_to`, OPEN while no version has replaced it, so version v sees
 * the rows with valid_from <= v < valid_to. A build v (newer than every version on the table)
 * only inserts rows from v and closes open rows at v: no published version's view changes,
 * and the work is proportional to what the build changes, not to the corpus.
 */
export function visibleAt(version: string): string {
  return `valid_from <= ${version} AND valid_to > ${version}`;
}

const IDENTITY = ['label', 'valid_from', 'valid_to'];
const ALL_COLUMNS = [...IDENTITY, ...DATA_COLUMNS].join(', ');

export class RowVersions {
  constructor(
    readonly table: string,
    readonly version: number,
  ) {}

  /**
   * Sets one part of each label's row in this version: a row this build already wrote is
   * updated, a row of an earlier version is copied with the part replaced and then closed.
   * One input per label (the last given wins); run inside the caller's transaction.
   */
  async put(
    tx: Queryable,
    part: Part,
    inputs: ReadonlyArray<Record<string, unknown> & { label: number }>,
  ): Promise<void> {
    const rows = lastPerLabel(inputs);
    if (rows.length === 0) return;
    const owned = new Set(part.columns);
    const values = DATA_COLUMNS.map((c) =>
      owned.has(c) ? part.values[part.columns.indexOf(c)] : `old.${c}`,
    );
    await tx.query(
      `INSERT INTO ${this.table} (${ALL_COLUMNS})
       SELECT i.label, $2, ${OPEN}, ${values.join(', ')}
       FROM jsonb_to_recordset($1::jsonb) AS i(label int, ${part.input})
       LEFT JOIN ${this.table} old ON old.label = i.label AND old.valid_to = ${OPEN} AND old.valid_from < $2
       ON CONFLICT (label, valid_from) DO UPDATE SET ${part.columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [JSON.stringify(rows), this.version],
    );
    await this.closeEarlier(
      tx,
      rows.map((r) => r.label),
    );
  }

  /** Clears one part of each label's row in this version; a row left with no part goes. */
  async clear(tx: Queryable, part: Part, labels: readonly number[]): Promise<void> {
    if (labels.length === 0) return;
    const others = PARTS.filter((p) => p !== part);
    const empty = others.map((p) => `NOT (${p.present})`).join(' AND ');
    const nulls = part.columns.map((c) => `${c} = NULL`).join(', ');
    const params = [labels, this.version];
    await tx.query(
      `DELETE FROM ${this.table} WHERE label = ANY($1::int[]) AND valid_from = $2 AND ${empty}`,
      params,
    );
    await tx.query(
      `UPDATE ${this.table} SET ${nulls} WHERE label = ANY($1::int[]) AND valid_from = $2`,
      params,
    );
    const copied = DATA_COLUMNS.map((c) => (part.columns.includes(c) ? 'NULL' : c));
    await tx.query(
      `INSERT INTO ${this.table} (${ALL_COLUMNS})
       SELECT label, $2, ${OPEN}, ${copied.join(', ')} FROM ${this.table}
       WHERE label = ANY($1::int[]) AND valid_to = ${OPEN} AND valid_from < $2 AND NOT (${empty})`,
      params,
    );
    await this.closeEarlier(tx, labels);
  }

  private async closeEarlier(tx: Queryable, labels: readonly number[]): Promise<void> {
    await tx.query(
      `UPDATE ${this.table} SET valid_to = $2 WHERE label = ANY($1::int[]) AND valid_to = ${OPEN} AND valid_from < $2`,
      [labels, this.version],
    );
  }

  /**
   * Makes the open rows this version's starting point `base`: needed when base is not the
   * newest version on the table (after a rollback). Rows newer than base are closed; rows
   * base saw that newer versions closed are copied. Costs what those versions changed.
   */
  async startFrom(tx: Queryable, base: number): Promise<void> {
    await tx.query(
      `UPDATE ${this.table} SET valid_to = $2 WHERE valid_to = ${OPEN} AND valid_from > $1`,
      [base, this.version],
    );
    await tx.query(
      `INSERT INTO ${this.table} (${ALL_COLUMNS})
       SELECT label, $2, ${OPEN}, ${DATA_COLUMNS.join(', ')} FROM ${this.table}
       WHERE valid_to <> ${OPEN} AND valid_to > $1 AND valid_to <> $2 AND valid_from <= $1`,
      [base, this.version],
    );
  }

  /** Undoes everything this version wrote: its rows go, the rows it closed reopen. */
  async undo(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE valid_from = $1`, [this.version]);
    await tx.query(`UPDATE ${this.table} SET valid_to = ${OPEN} WHERE valid_to = $1`, [
      this.version,
    ]);
  }

  /** Copies this version's view of another table (a build moving to a new generation). */
  async copyFrom(tx: Queryable, source: RowVersions, keepVectors: boolean): Promise<void> {
    const columns = DATA_COLUMNS.map((c) => (c === 'embedding' && !keepVectors ? 'NULL' : c));
    await tx.query(
      `INSERT INTO ${this.table} (${ALL_COLUMNS})
       SELECT label, $1, ${OPEN}, ${columns.join(', ')} FROM ${source.table}
       WHERE ${visibleAt('$1')} AND (${
         keepVectors
           ? 'TRUE'
           : PARTS.filter((p) => p.name !== 'vector')
               .map((p) => p.present)
               .join(' OR ')
       })`,
      [this.version],
    );
  }
}

/**
 * Deletes rows no kept version sees. Only closed rows can be dead (an open row belongs to the
 * newest version on the table), so this reads the closed rows, not the corpus.
 */
export async function pruneRows(
  tx: Queryable,
  table: string,
  kept: readonly number[],
): Promise<number> {
  const rows = await tx.query<{ deleted: number }>(
    `WITH gone AS (
       DELETE FROM ${table} r WHERE r.valid_to <> ${OPEN}
         AND NOT EXISTS (SELECT 1 FROM unnest($1::int[]) AS k(v) WHERE r.valid_from <= k.v AND k.v < r.valid_to)
       RETURNING 1)
     SELECT count(*)::int AS deleted FROM gone`,
    [kept],
  );
  return rows[0].deleted;
}

function lastPerLabel<T extends { label: number }>(inputs: readonly T[]): T[] {
  const byLabel = new Map<number, T>();
  for (const input of inputs) {
    if (!Number.isInteger(input.label) || input.label < 0)
      throw new RangeError(`label must be a non-negative integer, got ${input.label}`);
    byLabel.set(input.label, input);
  }
  return [...byLabel.values()];
}
