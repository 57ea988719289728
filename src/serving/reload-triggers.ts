import type { Logger } from 'pino';
import type { Backend } from '../index/backend.js';
import type { IndexHolder } from './index-holder.js';
import { reloadIndex, type ReloadTrigger } from './reload.js';

export interface ReloadTriggerOptions {
  /** The backend whose publishes are watched. */
  backend: Pick<Backend, 'watchPublished'>;
  watch: boolean;
  debounceMs: number;
}

/**
 * Reloads the served index on SIGHUP (whose default action would end the process) and,
 * when asked, whenever a version is published. Failures are logged by reloadIndex and
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
    ? options.backend.watchPublished(() => reload('watch'), options.debounceMs)
    : null;
  return () => {
    process.off('SIGHUP', onHangup);
    stopWatching?.();
  };
}
