import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { VERSION_NAME, versionName } from '../version-names.js';
import { MANIFEST_FILE } from './version-files.js';

/**
 * An index root holds numbered versions and a CURRENT pointer naming the published one.
 * Versions are built in `vNNNNNN.building/` (never read by servers), renamed when complete,
 * then published by atomically replacing CURRENT. Servers only ever follow CURRENT.
 */
export const POINTER_FILE = 'CURRENT';
const VERSION_RE = VERSION_NAME;
const BUILDING_SUFFIX = '.building';

export { versionName };

export async function listVersions(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const names = await readdir(root);
  return names.filter((n) => VERSION_RE.test(n)).sort();
}

/** Left-over build directories of killed jobs (their embeddings live on in the checkpoints). */
export async function listBuilding(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  return (await readdir(root)).filter((n) => n.endsWith(BUILDING_SUFFIX)).sort();
}

export async function currentVersion(root: string): Promise<string | null> {
  try {
    const name = (await readFile(join(root, POINTER_FILE), 'utf8')).trim();
    return VERSION_RE.test(name) ? name : null;
  } catch {
    return null;
  }
}

/**
 * Resolves what to serve: the version CURRENT names, or the directory itself when it is a
 * bare index version (holds a manifest).
 */
export async function resolvePublished(root: string): Promise<string | null> {
  if (existsSync(join(root, MANIFEST_FILE))) return root;
  const current = await currentVersion(root);
  return current ? join(root, current) : null;
}

/** Next version number: one past the highest published, so a failed build uses none up. */
export async function nextVersionNumber(root: string): Promise<number> {
  const numbers = (await listVersions(root)).map((n) => Number(n.slice(1, 7)));
  return numbers.length ? Math.max(...numbers) + 1 : 1;
}

/** Removes the build directories killed jobs left behind. */
export async function removeBuildDirs(root: string): Promise<void> {
  for (const name of await listBuilding(root))
    await rm(join(root, name), { recursive: true, force: true });
}

/** The directory a version is written in until it is published; servers never read it. */
export async function createBuildDir(root: string, name: string): Promise<string> {
  const dir = join(root, `${name}${BUILDING_SUFFIX}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Seals a finished build and points CURRENT at it; each step is an atomic rename. */
export async function publish(root: string, buildDir: string, keep: number): Promise<string> {
  const name = buildDir.slice(buildDir.lastIndexOf('/') + 1).replace(BUILDING_SUFFIX, '');
  await fsyncDir(buildDir);
  await rename(buildDir, join(root, name));
  await pointTo(root, name);
  await prune(root, keep);
  return join(root, name);
}

export async function pointTo(root: string, name: string): Promise<void> {
  const tmp = join(root, `${POINTER_FILE}.tmp`);
  await writeFile(tmp, `${name}\n`);
  const handle = await open(tmp, 'r');
  await handle.sync();
  await handle.close();
  await rename(tmp, join(root, POINTER_FILE));
  await fsyncDir(root);
}

/** Keeps the newest `keep` published versions (CURRENT always among them). */
export async function prune(root: string, keep: number): Promise<void> {
  const current = await currentVersion(root);
  const versions = await listVersions(root);
  const stale = versions.slice(0, Math.max(0, versions.length - Math.max(1, keep)));
  for (const name of stale) {
    if (name !== current) await rm(join(root, name), { recursive: true, force: true });
  }
}

/** Points CURRENT at the published version before the current one. */
export async function rollback(root: string): Promise<string> {
  const current = await currentVersion(root);
  const versions = await listVersions(root);
  const older = versions.filter((v) => current === null || v < current);
  const target = older.at(-1);
  if (!target) throw new Error(`no earlier version to roll back to in ${root}`);
  await pointTo(root, target);
  return target;
}

/** Makes a directory's entries (renames, new files) durable, not just the files' bytes. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
