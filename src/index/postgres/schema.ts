import type { Database, Queryable } from './connection.js';
import {
  MIN_PGVECTOR,
  missingPgvector,
  oldPgvector,
  PostgresUnavailableError,
  versionAtLeast,
} from './errors.js';
import { CATALOG, INDEXES_TABLE, IndexNames, OPEN } from './names.js';
import { postingsIndexDdl } from './postings.js';
import { ROW_COLUMNS_DDL, TEXT_CONFIG } from './rows.js';

/**
 * Bumped when the tables change shape. An index records the version that created it; this
 * build refuses one written by a newer build rather than misreading it.
 */
export const SCHEMA_VERSION = 2;

/**
 * The lexical ranking of an index, fixed when it is created: `postings`, the project's BM25
 * over its own postings tables (no extension; scores as the embedded engine does); `bm25`,
 * pg_textsearch's BM25; `fts`, Postgres' ts_rank, only when asked for.
 */
export type TextEngine = 'postings' | 'bm25' | 'fts';
export type TextEnginePreference = TextEngine | 'auto';
export const TEXT_ENGINES: readonly TextEngine[] = ['postings', 'bm25', 'fts'];

export interface IndexInfo {
  schemaVersion: number;
  textEngine: TextEngine;
  currentVersion: number | null;
}

/**
 * Checks the server has pgvector 0.8+ in this database. `creatable` accepts an extension the
 * server offers but the database has not created yet: the first build creates it.
 */
export async function checkPgvector(
  db: Database,
  options: { creatable?: boolean } = {},
): Promise<void> {
  const rows = await db.query<{ installed: string | null; available: string | null }>(
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS installed,
            (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS available`,
  );
  const { installed, available } = rows[0];
  if (installed === null && available !== null && options.creatable) {
    if (!versionAtLeast(available, MIN_PGVECTOR)) throw oldPgvector(db.location, available);
    return;
  }
  if (installed === null) throw missingPgvector(db.location, available !== null);
  if (!versionAtLeast(installed, MIN_PGVECTOR)) throw oldPgvector(db.location, installed);
}

/** The index's pointer row, or null when nothing was ever built under that name. */
export async function readIndexInfo(db: Queryable, index: string): Promise<IndexInfo | null> {
  const exists = await db.query<{ found: boolean }>(
    `SELECT to_regclass('${INDEXES_TABLE}') IS NOT NULL AS found`,
  );
  if (!exists[0].found) return null;
  const rows = await db.query<{
    schema_version: number;
    text_engine: TextEngine;
    current_version: number | null;
  }>(`SELECT schema_version, text_engine, current_version FROM ${INDEXES_TABLE} WHERE name = $1`, [
    index,
  ]);
  if (rows.length === 0) return null;
  const info = {
    schemaVersion: rows[0].schema_version,
    textEngine: rows[0].text_engine,
    currentVersion: rows[0].current_version,
  };
  if (info.schemaVersion > SCHEMA_VERSION) {
    throw new PostgresUnavailableError(
      `index ${index} has schema version ${info.schemaVersion}; this build reads up to ${SCHEMA_VERSION}: upgrade paper-search`,
    );
  }
  return info;
}

/**
 * Creates the catalog, the index's schema and its tables if missing (idempotent; concurrent
 * callers are serialised by a transaction-scoped advisory lock), choosing the text engine
 * once, when the index is created.
 */
export async function ensureIndexSchema(
  db: Database,
  names: IndexNames,
  preference: TextEnginePreference,
): Promise<IndexInfo> {
  await createPgvector(db);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `paper-search schema ${names.index}`,
    ]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${CATALOG}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${INDEXES_TABLE} (
      name text PRIMARY KEY,
      schema_version int NOT NULL,
      text_engine text NOT NULL,
      current_version int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await allowTextEngines(tx);
    const existing = await readIndexInfo(tx, names.index);
    if (existing) return existing;
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`);
    for (const ddl of indexTablesDdl(names)) await tx.query(ddl);
    const textEngine = await chooseTextEngine(tx, names, preference);
    if (textEngine === 'postings') for (const ddl of postingsIndexDdl(names)) await tx.query(ddl);
    await tx.query(
      `INSERT INTO ${INDEXES_TABLE} (name, schema_version, text_engine) VALUES ($1, $2, $3)`,
      [names.index, SCHEMA_VERSION, textEngine],
    );
    return { schemaVersion: SCHEMA_VERSION, textEngine, currentVersion: null };
  });
}

/**
 * The catalog's check of text engine names, (re)made to list every engine this build knows:
 * a catalog created by an earlier build lists fewer. Concurrent callers are serialised by
 * the table lock ALTER TABLE takes.
 */
async function allowTextEngines(tx: Queryable): Promise<void> {
  const wanted = `CHECK (text_engine IN (${TEXT_ENGINES.map((e) => `'${e}'`).join(', ')}))`;
  const rows = await tx.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = '${INDEXES_TABLE}'::regclass AND conname = 'indexes_text_engine_check'`,
  );
  if (rows.length === 1 && TEXT_ENGINES.every((e) => rows[0].def.includes(`'${e}'`))) return;
  await tx.query(
    `ALTER TABLE ${INDEXES_TABLE} DROP CONSTRAINT IF EXISTS indexes_text_engine_check`,
  );
  await tx.query(`ALTER TABLE ${INDEXES_TABLE} ADD CONSTRAINT indexes_text_engine_check ${wanted}`);
}

async function createPgvector(db: Database): Promise<void> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    // No permission, or not installed on the server: say which fix applies.
    const installed = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
    if (installed.length === 0) {
      const available = await db.query(
        `SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`,
      );
      throw missingPgvector(db.location, available.length > 0);
    }
    throw error;
  }
  await checkPgvector(db);
}

function indexTablesDdl(names: IndexNames): string[] {
  return [
    `CREATE TABLE ${names.table('generations')} (
      generation int PRIMARY KEY,
      dims int,
      m int,
      ef_construction int)`,
    `CREATE TABLE ${names.table('versions')} (
      version int PRIMARY KEY,
      state text NOT NULL CHECK (state IN ('building', 'published')),
      base int,
      generation int NOT NULL REFERENCES ${names.table('generations')},
      spec jsonb,
      manifest jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)`,
    `CREATE TABLE ${names.table('meta')} (
      version int NOT NULL REFERENCES ${names.table('versions')} ON DELETE CASCADE,
      key text NOT NULL,
      value bytea NOT NULL,
      PRIMARY KEY (version, key))`,
    `CREATE TABLE ${names.table('checkpoints')} (
      fingerprint text NOT NULL,
      text_hash text NOT NULL,
      vector bytea NOT NULL,
      PRIMARY KEY (fingerprint, text_hash))`,
    `CREATE TABLE ${names.table('changes')} (
      seq bigint PRIMARY KEY,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      id text NOT NULL,
      paper jsonb,
      at timestamptz NOT NULL DEFAULT now())`,
    // One counter row: appends take its row lock, so sequence numbers commit in order.
    `CREATE TABLE ${names.table('change_counter')} (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      seq bigint NOT NULL)`,
    `INSERT INTO ${names.table('change_counter')} (seq) VALUES (0)`,
  ];
}

/**
 * The engine asked for; `auto` takes the postings engine. pg_textsearch (`bm25`) is probed on
 * a scratch table inside a savepoint: it must be installed and in shared_preload_libraries.
 */
async function chooseTextEngine(
  tx: Queryable,
  names: IndexNames,
  preference: TextEnginePreference,
): Promise<TextEngine> {
  if (preference === 'fts' || preference === 'postings') return preference;
  if (preference === 'auto') return 'postings';
  const probe = `${names.schema}.bm25_probe`;
  await tx.query('SAVEPOINT text_engine_probe');
  try {
    await tx.query('CREATE EXTENSION IF NOT EXISTS pg_textsearch');
    await tx.query(`CREATE TABLE ${probe} (body text)`);
    await tx.query(`INSERT INTO ${probe} VALUES ('probe')`);
    await tx.query(
      `CREATE INDEX bm25_probe_idx ON ${probe} USING bm25 (body) WITH (text_config = '${TEXT_CONFIG}')`,
    );
    await tx.query(
      `SELECT body <@> to_bm25query('probe', '${names.schema}.bm25_probe_idx') FROM ${probe}`,
    );
    await tx.query(`DROP TABLE ${probe}`);
    await tx.query('RELEASE SAVEPOINT text_engine_probe');
    return 'bm25';
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT text_engine_probe');
    throw new PostgresUnavailableError(
      `pg_textsearch BM25 needs the pg_textsearch extension (in shared_preload_libraries, then CREATE EXTENSION pg_textsearch;), or use the postings engine: ${(error as Error).message}`,
    );
  }
}

/** A generation's rows table, without the indexes a bulk load would only slow down. */
export async function createRowsTable(
  tx: Queryable,
  names: IndexNames,
  generation: number,
): Promise<void> {
  await tx.query(`CREATE TABLE ${names.rows(generation)} (${ROW_COLUMNS_DDL})`);
  // Writers find a label's open row through this index, in builds that fill the table too.
  // Not unique: a write inserts the label's new row before it closes the old one.
  await tx.query(
    `CREATE INDEX ${names.rowsIndex(generation, 'open')} ON ${names.rows(generation)} (label) WHERE valid_to = ${OPEN}`,
  );
  await tx.query(
    `CREATE INDEX ${names.rowsIndex(generation, 'from')} ON ${names.rows(generation)} (valid_from)`,
  );
}

/** The SQL a lexical engine ranks: the title twice (title weight 2, as the embedded BM25), then the abstract. */
export const BM25_DOCUMENT = `(coalesce(text_title, '') || ' ' || coalesce(text_title, '') || ' ' || coalesce(text_abstract, ''))`;

export interface VectorIndexSpec {
  dims: number;
  m: number;
  efConstruction: number;
}

/**
 * Indexes a generation needs for reading, created where missing when a version on it is
 * published: after a bulk load, one CREATE INDEX is far cheaper than maintaining it per row.
 */
export function readIndexesDdl(
  names: IndexNames,
  generation: number,
  textEngine: TextEngine,
  vectors: VectorIndexSpec | null,
): string[] {
  const table = names.rows(generation);
  const index = (purpose: string) =>
    `CREATE INDEX IF NOT EXISTS ${names.rowsIndex(generation, purpose)} ON ${table}`;
  const ddl = [
    `${index('id')} (id)`,
    `${index('doi')} (lower(doi)) WHERE doi IS NOT NULL`,
    `${index('arxiv')} (arxiv_id) WHERE arxiv_id IS NOT NULL`,
    `${index('title_key')} (title_key)`,
    `${index('year')} (year)`,
    `${index('published')} (published)`,
    `${index('categories')} USING gin (category_keys)`,
    `${index('authors')} USING gin (author_keys)`,
    `${index('closed')} (valid_to) WHERE valid_to <> ${OPEN}`,
  ];
  // The postings engine ranks from tables of its own; the others match through the tsvector.
  if (textEngine !== 'postings') ddl.push(`${index('tsv')} USING gin (tsv)`);
  if (textEngine === 'bm25') {
    ddl.push(
      `${index('bm25')} USING bm25 (${BM25_DOCUMENT}) WITH (text_config = '${TEXT_CONFIG}')`,
    );
  }
  if (vectors) {
    // Inner product on unit vectors is cosine similarity without the norms' arithmetic.
    ddl.push(
      `${index('hnsw')} USING hnsw ((embedding::vector(${vectors.dims})) vector_ip_ops) WITH (m = ${vectors.m}, ef_construction = ${vectors.efConstruction})`,
    );
  }
  return ddl;
}
