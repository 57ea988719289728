import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'ingest.lock';

export class BuildLockedError extends Error {
  override name = 'BuildLockedError';
}

/**
 * One build at a time per index root: the lock file holds the builder's process id. A lock
 * whose process is gone (a killed job) is taken over. Returns the release function.
 */
export async function acquireBuildLock(root: string): Promise<() => Promise<void>> {
  const file = join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new BuildLockedError(
          `another ingest (process ${holder}) is building in ${root}; wait for it to finish`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new BuildLockedError(`could not lock ${root} for building`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
