import { analyseDocument } from '../bm25.js';
import type { Database, Queryable } from './connection.js';
import { OPEN, type IndexNames } from './names.js';

/**
 * The postings text engine's tables: BM25 that needs no extension. A generation's postings
 * hold each paper's analysed terms (the project's analyser, run here, not to_tsvector), one
 * row per term and row version of the paper, with the version range of that row; per
 * version, the number of papers, their total length and each term's document frequency.
 * They follow the rows table: a version's postings are derived when it is sealed, from the
 * rows it wrote and the rows it closed, so the work is proportional to what it changed.
 */
export function postingsTable(names: IndexNames, generation: number): string {
  return `${names.schema}.bm25_${names.rowsName(generation)}`;
}

export function statsTable(names: IndexNames): string {
  return `${names.schema}.bm25_stats`;
}

export function termsTable(names: IndexNames): string {
  return `${names.schema}.bm25_terms`;
}

/** Postings per INSERT statement. */
const INSERT_CHUNK = 20_000;
/** Rows read back per page while sealing. */
const READ_PAGE = 2000;

/** The per-version statistics tables, created with an index that uses this engine. */
export function postingsIndexDdl(names: IndexNames): string[] {
  const versions = names.table('versions');
  return [
    `CREATE TABLE IF NOT EXISTS ${statsTable(names)} (
      version int PRIMARY KEY REFERENCES ${versions} ON DELETE CASCADE,
      generation int NOT NULL,
      documents int NOT NULL,
      total_length bigint NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${termsTable(names)} (
      version int NOT NULL REFERENCES ${versions} ON DELETE CASCADE,
      term text NOT NULL,
      df int NOT NULL,
      PRIMARY KEY (version, term))`,
  ];
}

/**
 * Creates the generation's postings table when missing; returns true when it did. Its keys
 * are added by `keyPostingsTable` once the first version's postings are in: one sorted index
 * build is far cheaper than maintaining it per row.
 */
async function createPostingsTable(
  tx: Queryable,
  names: IndexNames,
  generation: number,
): Promise<boolean> {
  const table = postingsTable(names, generation);
  const found = await tx.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [
    table,
  ]);
  if (found[0].found) return false;
  await tx.query(`CREATE TABLE ${table} (
    term text NOT NULL,
    label int NOT NULL,
    valid_from int NOT NULL,
    valid_to int NOT NULL,
    tf int NOT NULL,
    length int NOT NULL)`);
  return true;
}

/** The primary key serves a query's term scans and the exact updates that close postings. */
async function keyPostingsTable(
  tx: Queryable,
  names: IndexNames,
  generation: number,
): Promise<void> {
  const table = postingsTable(names, generation);
  await tx.query(`ALTER TABLE ${table} ADD PRIMARY KEY (term, label, valid_from)`);
  await tx.query(
    `CREATE INDEX bm25_${names.rowsName(generation)}_closed ON ${table} (valid_to) WHERE valid_to <> ${OPEN}`,
  );
}

interface Delta {
  documents: number;
  length: number;
  df: Map<string, number>;
}

/**
 * Derives version `version`'s postings and statistics on its generation, in one transaction:
 * the rows it wrote get postings, the postings of the rows it closed are closed, and its
 * statistics are the previous version's on the generation plus that change.
 */
export async function sealPostings(
  db: Database,
  names: IndexNames,
  version: number,
  generation: number,
  maintenanceWorkMem: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `SET LOCAL statement_timeout = 0; SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'`,
    );
    const created = await createPostingsTable(tx, names, generation);
    await undoPostings(tx, names, generation, version);
    const delta: Delta = { documents: 0, length: 0, df: new Map() };
    const table = postingsTable(names, generation);
    const previous = await previousStatistics(tx, names, version, generation);
    const earlierPostings = previous === null && (await hasOpenPostings(tx, table));
    await addWritten(tx, names, version, generation, delta);
    if (created) await keyPostingsTable(tx, names, generation);
    await closeReplaced(tx, names, version, generation, delta);
    await pruneDeadPostings(tx, names, generation);
    if (earlierPostings) await writeRecomputed(tx, names, version, generation);
    else await writeStatistics(tx, names, version, generation, previous, delta);
  });
}

/** Postings of the rows the version wrote, from their text as the rows table holds it. */
async function addWritten(
  tx: Queryable,
  names: IndexNames,
  version: number,
  generation: number,
  delta: Delta,
): Promise<void> {
  const rows = names.rows(generation);
  let after = -1;
  for (;;) {
    const page = await tx.query<{ label: number; text_title: string; text_abstract: string }>(
      `SELECT label, text_title, text_abstract FROM ${rows}
       WHERE valid_from = $1 AND text_title IS NOT NULL AND label > $2 ORDER BY label LIMIT ${READ_PAGE}`,
      [version, after],
    );
    if (page.length === 0) return;
    const postings: Posting[] = [];
    for (const row of page) {
      const doc = analyseDocument(row.text_title, row.text_abstract ?? '');
      delta.documents += 1;
      delta.length += doc.length;
      for (const [term, tf] of doc.frequencies) {
        postings.push({ term, label: row.label, tf, length: doc.length });
        delta.df.set(term, (delta.df.get(term) ?? 0) + 1);
      }
    }
    await insertPostings(tx, postingsTable(names, generation), version, postings);
    after = page[page.length - 1].label;
  }
}

interface Posting {
  term: string;
  label: number;
  tf: number;
  length: number;
}

async function insertPostings(
  tx: Queryable,
  table: string,
  version: number,
  postings: Posting[],
): Promise<void> {
  for (let i = 0; i < postings.length; i += INSERT_CHUNK) {
    const chunk = postings.slice(i, i + INSERT_CHUNK);
    await tx.query(
      `INSERT INTO ${table} (term, label, valid_from, valid_to, tf, length)
       SELECT term, label, $5, ${OPEN}, tf, length
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS p(term, label, tf, length)`,
      [
        chunk.map((p) => p.term),
        chunk.map((p) => p.label),
        chunk.map((p) => p.tf),
        chunk.map((p) => p.length),
        version,
      ],
    );
  }
}

/**
 * Closes the postings of the rows the version closed (replaced, deleted, or left behind by a
 * rollback). Their terms are found by analysing the closed rows' text again, so each posting
 * is updated by its key; what was closed, as returned, is the change to the statistics.
 */
async function closeReplaced(
  tx: Queryable,
  names: IndexNames,
  version: number,
  generation: number,
  delta: Delta,
): Promise<void> {
  const rows = await tx.query<{
    label: number;
    valid_from: number;
    text_title: string;
    text_abstract: string;
  }>(
    `SELECT label, valid_from, text_title, text_abstract FROM ${names.rows(generation)}
     WHERE valid_to = $1 AND text_title IS NOT NULL`,
    [version],
  );
  const keys = rows.flatMap((row) =>
    [...analyseDocument(row.text_title, row.text_abstract ?? '').frequencies.keys()].map(
      (term) => ({ term, row }),
    ),
  );
  for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
    const chunk = keys.slice(i, i + INSERT_CHUNK);
    const closed = await tx.query<{ term: string; label: number; length: number }>(
      `UPDATE ${postingsTable(names, generation)} p SET valid_to = $4
       FROM unnest($1::text[], $2::int[], $3::int[]) AS k(term, label, valid_from)
       WHERE p.term = k.term AND p.label = k.label AND p.valid_from = k.valid_from AND p.valid_to = ${OPEN}
       RETURNING p.term, p.label, p.length`,
      [
        chunk.map((k) => k.term),
        chunk.map((k) => k.row.label),
        chunk.map((k) => k.row.valid_from),
        version,
      ],
    );
    for (const { term } of closed) delta.df.set(term, (delta.df.get(term) ?? 0) - 1);
    const lengths = new Map(closed.map((c) => [c.label, c.length]));
    for (const length of lengths.values()) {
      delta.documents -= 1;
      delta.length -= length;
    }
  }
}

/** The newest earlier version on the generation whose statistics were derived, if any. */
async function previousStatistics(
  tx: Queryable,
  names: IndexNames,
  version: number,
  generation: number,
): Promise<{ version: number; documents: number; length: number } | null> {
  const rows = await tx.query<{ version: number; documents: number; total_length: string }>(
    `SELECT version, documents, total_length FROM ${statsTable(names)}
     WHERE generation = $1 AND version < $2 ORDER BY version DESC LIMIT 1`,
    [generation, version],
  );
  if (rows.length === 0) return null;
  return {
    version: rows[0].version,
    documents: rows[0].documents,
    length: Number(rows[0].total_length),
  };
}

async function hasOpenPostings(tx: Queryable, table: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM ${table} WHERE valid_to = ${OPEN} LIMIT 1`);
  return rows.length > 0;
}

/** The previous version's statistics plus the change, as this version's. */
async function writeStatistics(
  tx: Queryable,
  names: IndexNames,
  version: number,
  generation: number,
  previous: { version: number; documents: number; length: number } | null,
  delta: Delta,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${statsTable(names)} (version, generation, documents, total_length) VALUES ($1, $2, $3, $4)`,
    [
      version,
      generation,
      (previous?.documents ?? 0) + delta.documents,
      (previous?.length ?? 0) + delta.length,
    ],
  );
  if (previous) {
    await tx.query(
      `INSERT INTO ${termsTable(names)} (version, term, df) SELECT $1, term, df FROM ${termsTable(names)} WHERE version = $2`,
      [version, previous.version],
    );
  }
  const changes = [...delta.df].filter(([, change]) => change !== 0);
  for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
    const chunk = changes.slice(i, i + INSERT_CHUNK);
    await tx.query(
      `INSERT INTO ${termsTable(names)} (version, term, df)
       SELECT $3, term, change FROM unnest($1::text[], $2::int[]) AS c(term, change)
       ON CONFLICT (version, term) DO UPDATE SET df = ${termsTable(names)}.df + EXCLUDED.df`,
      [chunk.map(([term]) => term), chunk.map(([, change]) => change), version],
    );
  }
  await tx.query(`DELETE FROM ${termsTable(names)} WHERE version = $1 AND df <= 0`, [version]);
}

/** Statistics counted from the postings the version sees: when no earlier version's are kept. */
async function writeRecomputed(
  tx: Queryable,
  names: IndexNames,
  version: number,
  generation: number,
): Promise<void> {
  const table = postingsTable(names, generation);
  const visible = `valid_from <= $1 AND valid_to > $1`;
  await tx.query(
    `INSERT INTO ${statsTable(names)} (version, generation, documents, total_length)
     SELECT $1, $2, count(*), coalesce(sum(length), 0)
     FROM (SELECT DISTINCT label, length FROM ${table} WHERE ${visible}) d`,
    [version, generation],
  );
  await tx.query(
    `INSERT INTO ${termsTable(names)} (version, term, df)
     SELECT $1, term, count(*) FROM ${table} WHERE ${visible} GROUP BY term`,
    [version],
  );
}

/** Deletes closed postings no version on the generation sees any more. */
async function pruneDeadPostings(
  tx: Queryable,
  names: IndexNames,
  generation: number,
): Promise<void> {
  await tx.query(
    `DELETE FROM ${postingsTable(names, generation)} p WHERE p.valid_to <> ${OPEN}
       AND NOT EXISTS (SELECT 1 FROM ${names.table('versions')} v
                       WHERE v.generation = $1 AND p.valid_from <= v.version AND v.version < p.valid_to)`,
    [generation],
  );
}

/**
 * Undoes what sealing the version did on the generation (its postings go, the ones it closed
 * reopen), as the rows are undone; its statistics go with its versions row. A version never
 * sealed has nothing to undo, and nothing is read then.
 */
export async function undoPostings(
  tx: Queryable,
  names: IndexNames,
  generation: number,
  version: number,
): Promise<void> {
  const table = postingsTable(names, generation);
  const tables = await tx.query<{ found: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS found`,
    [statsTable(names), table],
  );
  if (!tables[0].found) return;
  const sealed = await tx.query(`SELECT 1 FROM ${statsTable(names)} WHERE version = $1`, [version]);
  if (sealed.length === 0) return;
  await tx.query(`DELETE FROM ${table} WHERE valid_from = $1`, [version]);
  await tx.query(`UPDATE ${table} SET valid_to = ${OPEN} WHERE valid_to = $1`, [version]);
  await tx.query(`DELETE FROM ${statsTable(names)} WHERE version = $1`, [version]);
  await tx.query(`DELETE FROM ${termsTable(names)} WHERE version = $1`, [version]);
}

/** Drops a generation's postings with its rows. */
export async function dropPostings(
  tx: Queryable,
  names: IndexNames,
  generation: number,
): Promise<void> {
  await tx.query(`DROP TABLE IF EXISTS ${postingsTable(names, generation)}`);
}
