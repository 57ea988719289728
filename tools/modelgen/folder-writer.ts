/**
 * Writes a set of files as one folder that appears all at once: readers never see a half
 * written model, and concurrent generators of the same folder cannot interleave their files.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type FileContents = string | Uint8Array;

export interface WrittenFile {
  /** Path relative to the folder, with forward slashes. */
  path: string;
  bytes: number;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

async function writeAll(dir: string, files: Map<string, FileContents>): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const [path, contents] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
    written.push({
      path,
      bytes: typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength,
    });
  }
  return written;
}

/**
 * Writes `files` into a sibling temporary folder, then swaps it in for `dir`. If another
 * writer swaps its own folder in at the same moment, theirs is kept and ours discarded.
 */
export async function writeFolderAtomically(
  dir: string,
  files: Map<string, FileContents>,
): Promise<WrittenFile[]> {
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(`${dir}.tmp-`);
  const retired = `${dir}.old-${randomUUID()}`;
  const written = await writeAll(staging, files).catch(async (error: unknown) => {
    await rm(staging, { recursive: true, force: true });
    throw error;
  });
  await rename(dir, retired).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error; // a folder not there yet is fine
  });
  try {
    await rename(staging, dir);
  } catch (error) {
    if (errorCode(error) !== 'ENOTEMPTY' && errorCode(error) !== 'EEXIST') throw error;
    await rm(staging, { recursive: true, force: true });
  } finally {
    await rm(retired, { recursive: true, force: true });
  }
  return written;
}
