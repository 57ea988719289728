import type { Queryable } from './connection.js';
import type { IndexNames } from './names.js';

/** State stored with one version (a fitted lexical embedder), by key. */
export async function readMeta(
  db: Queryable,
  names: IndexNames,
  version: number,
  key: string,
): Promise<Buffer | null> {
  const rows = await db.query<{ value: Buffer }>(
    `SELECT value FROM ${names.table('meta')} WHERE version = $1 AND key = $2`,
    [version, key],
  );
  return rows.length ? rows[0].value : null;
}

export async function writeMeta(
  db: Queryable,
  names: IndexNames,
  version: number,
  key: string,
  value: Buffer,
): Promise<void> {
  await db.query(
    `INSERT INTO ${names.table('meta')} (version, key, value) VALUES ($1, $2, $3)
     ON CONFLICT (version, key) DO UPDATE SET value = EXCLUDED.value`,
    [version, key, value],
  );
}
