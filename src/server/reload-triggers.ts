import type { Logger } from 'pino';
import type { IndexHolder } from '../search/index-holder.js';
import { watchPointer } from './index-watcher.js';
import { reloadIndex, type ReloadTrigger } from './reload.js';

export interface ReloadTriggerOptions {
  /** The index root whose CURRENT pointer is watched. */
  root: string;
  watch: boolean;
  debounceMs: number;
}

/**
 * Reloads the served index on SIGHUP (whose default action would end the process) and,
 * when asked, whenever the CURRENT pointer changes. Failures are logged by reloadIndex and
 * leave the old version serving. Returns a function that removes both triggers.
 */
export function reloadOnTriggers(
  holder: IndexHolder,
  log: Logger,
  options: ReloadTriggerOptions,
): () => void {
  const reload = (trigger: ReloadTrigger) => {
    reloadIndex(holder, log, trigger).catch(() => {});
  };
  const onHangup = () => reload('SIGHUP');
  process.on('SIGHUP', onHangup);
  const stopWatching = options.watch
    ? watchPointer(options.root, options.debounceMs, () => reload('watch'), log)
    : null;
  return () => {
    process.off('SIGHUP', onHangup);
    stopWatching?.();
  };
}
