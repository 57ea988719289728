import type { Queryable } from './connection.js';
import { INDEXES_TABLE, type IndexNames } from './names.js';

/** Bytes one index takes: its rows (heap and TOAST) and each kind of index over them. */
export interface StorageSizes {
  table: number;
  /** By purpose (`hnsw`, `bm25`, `tsv`, `categories`, ...), summed over generations. */
  indexes: Record<string, number>;
}

export async function storageSizes(db: Queryable, names: IndexNames): Promise<StorageSizes> {
  const tables = await db.query<{ oid: number; bytes: string }>(
    `SELECT c.oid, pg_table_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname LIKE 'rows\\_%'`,
    [names.schema],
  );
  const indexes = await db.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = ANY($1::oid[])`,
    [tables.map((t) => t.oid)],
  );
  const sizes: StorageSizes = { table: 0, indexes: {} };
  for (const t of tables) sizes.table += Number(t.bytes);
  for (const { name, bytes } of indexes) {
    const purpose = name.replace(/^rows_\d+_/, '').replace(/_pkey$/, 'primary key');
    sizes.indexes[purpose] = (sizes.indexes[purpose] ?? 0) + Number(bytes);
  }
  // The postings engine's tables are its index: counted whole, keys included.
  const postings = await db.query<{ bytes: string | null }>(
    `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname LIKE 'bm25\\_%'`,
    [names.schema],
  );
  if (postings[0].bytes !== null) sizes.indexes['bm25 postings'] = Number(postings[0].bytes);
  return sizes;
}

/** Removes the index: its schema with every version, the change log and checkpoints. */
export async function dropIndex(db: Queryable, names: IndexNames): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${names.schema} CASCADE`);
  const catalog = await db.query<{ found: boolean }>(
    `SELECT to_regclass('${INDEXES_TABLE}') IS NOT NULL AS found`,
  );
  if (catalog[0].found)
    await db.query(`DELETE FROM ${INDEXES_TABLE} WHERE name = $1`, [names.index]);
}
