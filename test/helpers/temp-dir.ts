import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  dir: string;
  /** Writes `text` to a file of that name in the directory and returns its path. */
  write: (name: string, text: string) => Promise<string>;
  cleanup: () => Promise<void>;
}

/** A fresh temporary directory and its clean-up. */
export async function makeTempDir(prefix = 'paper-search-'): Promise<TempDir> {
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
