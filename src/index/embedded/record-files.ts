import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteDatabase } from './sqlite-database.js';
import { SqliteRecords } from './sqlite-records.js';
import { linkInto } from './text/index-manifest.js';
import { DELTA_RECORDS_FILE, RECORDS_FILE } from './version-files.js';

/**
 * The records files of a version. A full build writes one file. An update hard-links its
 * base's file unchanged (it is never written again, so every version holding it reads the
 * same bytes and the file lives while any of them is kept) and writes what changed to a delta
 * file; a base that was itself an update hands its delta on as a copy, which stays small
 * because a delta grown past a share of its base is merged into a new whole file at publish
 * (like Lucene's segment merges: the cost of copying the corpus is paid once per many updates).
 */
export const RECORDS_MERGE_SHARE = 0.05;

/** Opens a published version's records: the one file, or its delta over the shared base. */
export function openVersionRecords(
  dir: string,
  options: { readonly?: boolean } = {},
): SqliteRecords {
  const delta = join(dir, DELTA_RECORDS_FILE);
  const whole = join(dir, RECORDS_FILE);
  return existsSync(delta)
    ? SqliteRecords.open(delta, { ...options, base: whole })
    : SqliteRecords.open(whole, options);
}

/** The records a build writes into `dir`: an empty file, or a delta over the base's file. */
export function startRecords(dir: string, baseDir: string | null): SqliteRecords {
  if (!baseDir) return SqliteRecords.open(join(dir, RECORDS_FILE));
  linkInto(baseDir, dir, RECORDS_FILE);
  if (existsSync(join(baseDir, DELTA_RECORDS_FILE)))
    copyFileSync(join(baseDir, DELTA_RECORDS_FILE), join(dir, DELTA_RECORDS_FILE));
  return SqliteRecords.open(join(dir, DELTA_RECORDS_FILE), { base: join(dir, RECORDS_FILE) });
}

/**
 * Closes a build's records ready to publish: self-contained files (no WAL), the delta merged
 * into a whole file of this version's own when it has grown past `mergeShare` of its base.
 * Returns whether it merged.
 */
export function sealRecords(
  dir: string,
  records: SqliteRecords,
  mergeShare = RECORDS_MERGE_SHARE,
): boolean {
  const merge = records.layered && records.deltaShare() > mergeShare;
  records.db.seal();
  records.close();
  if (merge) mergeDelta(dir);
  return merge;
}

/** Every file holding papers of the version in `dir` (checkpoint pruning reads their hashes). */
export function versionRecordFiles(dir: string): string[] {
  return [RECORDS_FILE, DELTA_RECORDS_FILE]
    .map((name) => join(dir, name))
    .filter((f) => existsSync(f));
}

/**
 * Writes base + delta as one new file and puts it in place of this version's link to the
 * base; the base's own file (and the versions sharing it) are untouched.
 */
function mergeDelta(dir: string): void {
  const whole = join(dir, RECORDS_FILE);
  const delta = join(dir, DELTA_RECORDS_FILE);
  const merging = `${whole}.merging`;
  copyFileSync(whole, merging);
  const db = SqliteDatabase.open(merging);
  try {
    db.handle.prepare('ATTACH DATABASE ? AS delta').run(delta);
    db.transaction(() => {
      db.handle.exec(`
        DELETE FROM main.papers WHERE label IN (SELECT label FROM delta.hidden);
        INSERT OR REPLACE INTO main.papers SELECT * FROM delta.papers;
        INSERT OR REPLACE INTO main.meta SELECT * FROM delta.meta;`);
    });
    db.handle.exec('DETACH DATABASE delta');
    db.seal();
  } finally {
    db.close();
  }
  renameSync(merging, whole);
  rmSync(delta);
}
