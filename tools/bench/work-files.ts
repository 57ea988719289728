import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileBytes, writeBytes } from '../../src/index/embedded/file-bytes.js';

/** Typed-array and JSON files under the work directory. */

type Typed = Float32Array | Int32Array;

export function writeTyped(file: string, values: Typed): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeBytes(fd, values);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function readFloat32(file: string): Float32Array {
  return new Float32Array(readFileBytes(file));
}

export function readInt32(file: string): Int32Array {
  return new Int32Array(readFileBytes(file));
}

export function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

/** Written last, after the files it describes, so its presence means the set is complete. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Short stable hash of a JSON-able value, for cache directory names. */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 10);
}

/** A fresh directory under the system's temporary folder, and its clean-up. */
export interface ScratchDir {
  dir: string;
  /** Writes `text` to a file of that name in the directory and returns its path. */
  write: (name: string, text: string) => Promise<string>;
  cleanup: () => Promise<void>;
}

export async function makeScratchDir(prefix = 'paper-search-'): Promise<ScratchDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    write: async (name, text) => {
      const file = join(dir, name);
      await writeFile(file, text);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
