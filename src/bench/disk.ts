import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Total size of the files under `path` (a file or a directory tree), in bytes. */
export function directoryBytes(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + directoryBytes(join(path, name)), 0);
}
