import type { Logger } from 'pino';
import type { IndexManifest } from '../manifest.js';
import type { VectorSpec } from '../backend.js';
import type { Database, Queryable } from './connection.js';
import { INDEXES_TABLE, type IndexNames } from './names.js';
import { dropPostings, postingsTable, sealPostings, undoPostings } from './postings.js';
import { pruneRows, RowVersions } from './row-versions.js';
import { createRowsTable, readIndexesDdl, type TextEngine } from './schema.js';

/**
 * How versions come and go: a build claims the next number on a generation (a rows table),
 * publishing flips the index's pointer row in one transaction and prunes what no kept
 * version sees, an abandoned build is undone. Callers hold the index's build lock.
 */

export interface VersionRow {
  version: number;
  state: 'building' | 'published';
  base: number | null;
  generation: number;
  spec: VectorSpec | null;
  manifest: IndexManifest | null;
}

export interface GenerationRow {
  generation: number;
  dims: number | null;
  m: number | null;
  ef_construction: number | null;
}

export async function readVersion(
  db: Queryable,
  names: IndexNames,
  version: number,
): Promise<VersionRow | null> {
  const rows = await db.query<VersionRow>(
    `SELECT version, state, base, generation, spec, manifest FROM ${names.table('versions')} WHERE version = $1`,
    [version],
  );
  return rows[0] ?? null;
}

export async function readGeneration(
  db: Queryable,
  names: IndexNames,
  generation: number,
): Promise<GenerationRow> {
  const rows = await db.query<GenerationRow>(
    `SELECT generation, dims, m, ef_construction FROM ${names.table('generations')} WHERE generation = $1`,
    [generation],
  );
  return rows[0];
}

/** Published versions, oldest first. */
export async function publishedVersions(db: Queryable, names: IndexNames): Promise<number[]> {
  const rows = await db.query<{ version: number }>(
    `SELECT version FROM ${names.table('versions')} WHERE state = 'published' ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

/** A fresh generation with its rows table; its vector settings are fixed when first known. */
export async function createGeneration(
  tx: Queryable,
  names: IndexNames,
  spec: GenerationSpec | null,
): Promise<number> {
  const rows = await tx.query<{ next: number }>(
    `SELECT coalesce(max(generation), 0) + 1 AS next FROM ${names.table('generations')}`,
  );
  const generation = rows[0].next;
  await tx.query(
    `INSERT INTO ${names.table('generations')} (generation, dims, m, ef_construction) VALUES ($1, $2, $3, $4)`,
    [generation, spec?.dims ?? null, spec?.m ?? null, spec?.efConstruction ?? null],
  );
  await createRowsTable(tx, names, generation);
  return generation;
}

export interface GenerationSpec {
  dims: number;
  m: number;
  efConstruction: number;
}

/**
 * Claims the next version number (one past every version, building or published, so an
 * abandoned build's number is reused) on the base's generation or a new one.
 */
export async function startVersion(
  tx: Queryable,
  names: IndexNames,
  base: number | null,
): Promise<VersionRow> {
  const next = await tx.query<{ next: number }>(
    `SELECT coalesce(max(version), 0) + 1 AS next FROM ${names.table('versions')}`,
  );
  const version = next[0].next;
  const baseRow = base === null ? null : await readVersion(tx, names, base);
  const generation = baseRow ? baseRow.generation : await createGeneration(tx, names, null);
  await tx.query(
    `INSERT INTO ${names.table('versions')} (version, state, base, generation, spec) VALUES ($1, 'building', $2, $3, $4)`,
    [version, base, generation, baseRow?.spec ?? null],
  );
  if (baseRow) {
    await tx.query(
      `INSERT INTO ${names.table('meta')} (version, key, value) SELECT $1, key, value FROM ${names.table('meta')} WHERE version = $2`,
      [version, base],
    );
    const newest = await tx.query<{ newest: number }>(
      `SELECT max(version) AS newest FROM ${names.table('versions')} WHERE generation = $1 AND version <> $2`,
      [generation, version],
    );
    if (newest[0].newest !== base)
      await new RowVersions(names.rows(generation), version).startFrom(tx, base as number);
  }
  return {
    version,
    state: 'building',
    base,
    generation,
    spec: baseRow?.spec ?? null,
    manifest: null,
  };
}

/** Removes a version that was never published, and everything it wrote. */
export async function undoVersion(
  tx: Queryable,
  names: IndexNames,
  row: VersionRow,
): Promise<void> {
  const users = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${names.table('versions')} WHERE generation = $1 AND version <> $2`,
    [row.generation, row.version],
  );
  if (users[0].n > 0) {
    await new RowVersions(names.rows(row.generation), row.version).undo(tx);
    await undoPostings(tx, names, row.generation, row.version);
  }
  await tx.query(`DELETE FROM ${names.table('versions')} WHERE version = $1`, [row.version]);
  if (users[0].n === 0) await dropGeneration(tx, names, row.generation);
}

async function dropGeneration(tx: Queryable, names: IndexNames, generation: number): Promise<void> {
  await dropPostings(tx, names, generation);
  await tx.query(`DROP TABLE IF EXISTS ${names.rows(generation)}`);
  await tx.query(`DELETE FROM ${names.table('generations')} WHERE generation = $1`, [generation]);
}

/** Versions left 'building' by a job that died; the caller holds the build lock, so none is live. */
export async function undoStaleBuilds(tx: Queryable, names: IndexNames): Promise<number[]> {
  const stale = await tx.query<VersionRow>(
    `SELECT version, state, base, generation, spec, manifest FROM ${names.table('versions')} WHERE state = 'building' ORDER BY version DESC`,
  );
  for (const row of stale) await undoVersion(tx, names, row);
  return stale.map((r) => r.version);
}

export interface SealSettings {
  textEngine: TextEngine;
  maintenanceWorkMem: string;
}

/**
 * Creates the read indexes the version's generation lacks and refreshes planner statistics.
 * Runs before the publishing transaction: nothing is visible yet, and a long index build
 * holds no lock a reader of another version needs.
 */
export async function sealVersion(
  db: Database,
  names: IndexNames,
  row: VersionRow,
  settings: SealSettings,
): Promise<void> {
  const generation = await readGeneration(db, names, row.generation);
  const vectors =
    row.spec?.search === 'hnsw' && generation.dims !== null
      ? {
          dims: generation.dims,
          m: generation.m as number,
          efConstruction: generation.ef_construction as number,
        }
      : null;
  await db.transaction(async (tx) => {
    await tx.query(
      `SET LOCAL statement_timeout = 0; SET LOCAL maintenance_work_mem = '${settings.maintenanceWorkMem}'`,
    );
    for (const ddl of readIndexesDdl(names, row.generation, settings.textEngine, vectors))
      await tx.query(ddl);
  });
  if (settings.textEngine === 'postings') {
    await sealPostings(db, names, row.version, row.generation, settings.maintenanceWorkMem);
    await db.query(`ANALYZE ${postingsTable(names, row.generation)}`);
  }
  await db.query(`ANALYZE ${names.rows(row.generation)}`);
}

/**
 * Makes the version current in one transaction, keeping the newest `keep` published versions
 * (the new one among them) and deleting rows only pruned versions saw. Returns the
 * generations no kept version uses any more, for the caller to drop once this has committed.
 */
export async function publishVersion(
  tx: Queryable,
  names: IndexNames,
  version: number,
  manifest: IndexManifest,
  keep: number,
): Promise<number[]> {
  await tx.query(`SELECT 1 FROM ${INDEXES_TABLE} WHERE name = $1 FOR UPDATE`, [names.index]);
  const row = await tx.query<{ state: string }>(
    `SELECT state FROM ${names.table('versions')} WHERE version = $1 FOR UPDATE`,
    [version],
  );
  if (row[0]?.state !== 'building') {
    throw new Error(`build v${version} of index ${names.index} was abandoned or already published`);
  }
  await tx.query(
    `UPDATE ${names.table('versions')} SET state = 'published', manifest = $2::jsonb, published_at = now() WHERE version = $1`,
    [version, JSON.stringify(manifest)],
  );
  await tx.query(
    `UPDATE ${INDEXES_TABLE} SET current_version = $2, updated_at = now() WHERE name = $1`,
    [names.index, version],
  );
  return pruneVersions(tx, names, version, keep);
}

async function pruneVersions(
  tx: Queryable,
  names: IndexNames,
  current: number,
  keep: number,
): Promise<number[]> {
  const published = await publishedVersions(tx, names);
  const kept = new Set(published.slice(-Math.max(1, keep)));
  kept.add(current);
  const pruned = published.filter((v) => !kept.has(v));
  if (pruned.length > 0) {
    await tx.query(`DELETE FROM ${names.table('versions')} WHERE version = ANY($1::int[])`, [
      pruned,
    ]);
  }
  const users = await tx.query<{ generation: number; versions: number[] }>(
    `SELECT g.generation, coalesce(array_agg(v.version) FILTER (WHERE v.version IS NOT NULL), '{}') AS versions
     FROM ${names.table('generations')} g LEFT JOIN ${names.table('versions')} v USING (generation)
     GROUP BY g.generation`,
  );
  const unused: number[] = [];
  for (const { generation, versions } of users) {
    if (versions.length === 0) unused.push(generation);
    else if (pruned.length > 0) await pruneRows(tx, names.rows(generation), versions);
  }
  return unused;
}

/** Drops generations no version uses; one still being read is left for the next publish. */
export async function dropGenerations(
  db: Database,
  names: IndexNames,
  generations: number[],
  log?: Logger,
): Promise<void> {
  for (const generation of generations) {
    try {
      await db.transaction(async (tx) => {
        // A server still reading a pruned version holds a lock: do not queue readers behind it.
        await tx.query(`SET LOCAL lock_timeout = '2s'`);
        await dropGeneration(tx, names, generation);
      });
    } catch (error) {
      log?.warn(
        { index: names.index, generation, error: (error as Error).message },
        'generation still in use, dropped later',
      );
    }
  }
}

/** Points the index at the newest published version before the current one. */
export async function rollbackIndex(
  db: Database,
  names: IndexNames,
  location: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ current_version: number | null }>(
      `SELECT current_version FROM ${INDEXES_TABLE} WHERE name = $1 FOR UPDATE`,
      [names.index],
    );
    const current = rows[0]?.current_version ?? null;
    const older = (await publishedVersions(tx, names)).filter(
      (v) => current === null || v < current,
    );
    const target = older.at(-1);
    if (target === undefined)
      throw new Error(`no earlier version to roll back to in index ${names.index} at ${location}`);
    await tx.query(
      `UPDATE ${INDEXES_TABLE} SET current_version = $2, updated_at = now() WHERE name = $1`,
      [names.index, target],
    );
    return target;
  });
}
