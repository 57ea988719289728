import type { Logger } from 'pino';
import type { IndexHolder, ReloadOutcome } from './index-holder.js';

export type ReloadTrigger = 'SIGHUP' | 'admin' | 'watch' | 'fold';

/**
 * Reloads the published version and logs what happened, whoever asked. A failed load is
 * logged with its cause (the client gets none) and the previous version keeps serving.
 */
export async function reloadIndex(
  holder: IndexHolder,
  log: Logger,
  trigger: ReloadTrigger,
): Promise<ReloadOutcome> {
  try {
    const outcome = await holder.reload();
    log.info({ trigger, ...outcome }, outcome.changed ? 'index reloaded' : 'index unchanged');
    return outcome;
  } catch (error) {
    log.error(
      { err: error, trigger, serving: holder.loaded?.version ?? null },
      'reload failed: still serving the previous version',
    );
    throw error;
  }
}
