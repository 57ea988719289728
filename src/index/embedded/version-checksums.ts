import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FileSum, IndexManifest } from '../manifest.js';
import { fileIdentity, hashFile, listFiles } from './file-checksums.js';
import { listVersions, resolvePublished } from './index-root.js';
import { MANIFEST_FILE, readManifest, RECORDS_FILE } from './version-files.js';

export type FileSums = Record<string, FileSum>;

/** What publishing checksummed: files hashed, and files whose sum was carried from the base. */
export interface RecordedSums {
  files: FileSums;
  hashedBytes: number;
  carried: number;
}

/**
 * Checksums every file of the version in `dir` (the manifest aside, which is validated field by
 * field). A file that is the base's own file (a hard link, same device, inode and size) takes
 * the base's recorded sum: published files never change, so an update hashes only what it wrote.
 */
export async function recordChecksums(
  dir: string,
  base: { dir: string; files?: FileSums } | null,
): Promise<RecordedSums> {
  const files: FileSums = {};
  let hashedBytes = 0;
  let carried = 0;
  for (const file of await listFiles(dir, MANIFEST_FILE)) {
    const known = base?.files?.[file];
    if (known && (await sameFile(join(dir, file), join(base.dir, file)))) {
      files[file] = known;
      carried++;
      continue;
    }
    files[file] = await hashFile(join(dir, file));
    hashedBytes += files[file].size;
  }
  return { files, hashedBytes, carried };
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await fileIdentity(a)) === (await fileIdentity(b));
  } catch {
    return false;
  }
}

/**
 * How much a check reads. `full` hashes every file. `load` is what opening a version pays: the
 * size of every file, and the hash of every file but the record store, which SQLite pages in on
 * demand, so hashing it would read gigabytes a load never touches.
 */
export type CheckDepth = 'load' | 'full';

const PAGED_ON_DEMAND = new Set([RECORDS_FILE]);

export interface FileProblem {
  file: string;
  problem: string;
}

/** The version's files that differ from its manifest's record of them (none when intact). */
export async function findProblems(
  dir: string,
  files: FileSums,
  depth: CheckDepth,
): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  const toHash: string[] = [];
  for (const [file, expected] of Object.entries(files)) {
    const size = await sizeOf(join(dir, file));
    if (size === null) problems.push({ file, problem: 'missing' });
    else if (size !== expected.size) {
      problems.push({ file, problem: `${size} bytes, ${expected.size} when published` });
    } else if (depth === 'full' || !PAGED_ON_DEMAND.has(file)) toHash.push(file);
  }
  for (const file of toHash) {
    const expected = files[file];
    const path = join(dir, file);
    if (depth === 'load' && (await verifiedBefore(path, expected))) continue;
    const found = await hashFile(path);
    if (found.xxh3 !== expected.xxh3) {
      problems.push({ file, problem: `checksum ${found.xxh3}, ${expected.xxh3} when published` });
    } else await remember(path, expected);
  }
  return problems;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/**
 * Files this process hashed and found intact, by identity and modification time: a reload
 * whose new version shares files with the one served (hard-linked text segments) does not read
 * them again. Any write to a file changes its modification time.
 */
const verified = new Map<string, string>();
const VERIFIED_LIMIT = 100_000;

/** Forgets what this process verified, as a fresh process would (benchmarks of a first load). */
export function forgetVerified(): void {
  verified.clear();
}

async function stamp(file: string): Promise<string> {
  const info = await stat(file);
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
}

async function verifiedBefore(file: string, expected: FileSum): Promise<boolean> {
  return verified.get(await stamp(file)) === expected.xxh3;
}

async function remember(file: string, sum: FileSum): Promise<void> {
  if (verified.size >= VERIFIED_LIMIT) verified.clear();
  verified.set(await stamp(file), sum.xxh3);
}

export class CorruptVersionError extends Error {
  override name = 'CorruptVersionError';

  constructor(
    readonly dir: string,
    readonly problems: FileProblem[],
  ) {
    const list = problems.map((p) => `${p.file} (${p.problem})`).join(', ');
    super(`index version ${dir} is damaged: ${list}; restore it, or roll back and re-ingest`);
  }
}

/** Refuses a version whose files differ from its manifest; versions without sums pass. */
export async function assertIntact(
  dir: string,
  manifest: IndexManifest,
  depth: CheckDepth,
): Promise<void> {
  if (!manifest.files) return;
  const problems = await findProblems(dir, manifest.files, depth);
  if (problems.length > 0) throw new CorruptVersionError(dir, problems);
}

/** What `verify` found in one version. */
export interface VersionCheck {
  name: string;
  current: boolean;
  /** Null when the version was published without checksums. */
  files: number | null;
  bytes: number;
  problems: FileProblem[];
}

/** Checks every file of every kept version under an index root (or one bare version) in full. */
export async function verifyRoot(root: string): Promise<VersionCheck[]> {
  const current = await resolvePublished(root);
  const dirs = existsSync(join(root, MANIFEST_FILE))
    ? [root]
    : (await listVersions(root)).map((name) => join(root, name));
  const checks: VersionCheck[] = [];
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    const files = manifest.files ?? null;
    checks.push({
      name: basename(dir),
      current: dir === current,
      files: files && Object.keys(files).length,
      bytes: files ? Object.values(files).reduce((sum, f) => sum + f.size, 0) : 0,
      problems: files ? await findProblems(dir, files, 'full') : [],
    });
  }
  return checks;
}
