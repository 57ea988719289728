import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import xxhash from '@node-rs/xxhash';
import type { FileSum } from '../manifest.js';

/**
 * Checksums of a version's files: xxh3-64 over the whole file, read in chunks so a
 * gigabyte-sized graph or record store never sits in memory for it.
 */
const CHUNK = 1 << 22;

export async function hashFile(file: string): Promise<FileSum> {
  const hash = xxhash.xxh3.Xxh3.withSeed();
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, size);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, xxh3: hash.digest().toString(16).padStart(16, '0') };
  } finally {
    await handle.close();
  }
}

/** Every file under `dir` (links followed), as sorted paths relative to it, except `skip`. */
export async function listFiles(dir: string, skip: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry === skip) continue;
    if ((await stat(join(dir, entry))).isFile()) files.push(entry);
  }
  return files.sort();
}

/** A file's identity on disk: hard links to one file share it. */
export async function fileIdentity(file: string): Promise<string> {
  const info = await stat(file);
  return `${info.dev}:${info.ino}:${info.size}`;
}
