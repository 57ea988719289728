import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { POINTER_FILE } from './index-root.js';

/**
 * Calls `onChange` when the index root's CURRENT pointer is replaced. A publish writes
 * CURRENT.tmp and renames it over CURRENT, and editors or tools may touch it more than
 * once, so events within `debounceMs` of each other make one call. Returns a stop function.
 */
export function watchPointer(
  root: string,
  debounceMs: number,
  onChange: () => void,
  log: Logger,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher;
  try {
    watcher = watch(root, (_event, filename) => {
      // Some platforms do not report the name; then any change in the root may be the pointer.
      if (filename !== null && filename !== POINTER_FILE) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, debounceMs);
    });
  } catch (error) {
    // Say, a root that does not exist yet: SIGHUP and /admin/reload still work.
    log.warn({ err: error, root }, 'cannot watch the index root');
    return () => {};
  }
  watcher.on('error', (error) => log.warn({ err: error, root }, 'index watch failed'));
  watcher.unref();
  log.info({ root, debounceMs }, 'watching the index pointer');
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
