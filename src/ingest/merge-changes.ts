import type { LoggedChange } from '../index/change-log.js';
import type { RecordWriter } from '../index/record-store.js';
import { applyChanges } from './apply-changes.js';
import type { BuildLedger } from './read-into-build.js';

/**
 * Applies API writes logged since the base version on top of the input just read, in log order:
 * they are newer than anything that version saw. An upserted id keeps its label in the build,
 * else the one it had before, else takes a new one.
 */
export async function mergeChanges(
  records: RecordWriter,
  ledger: BuildLedger,
  changes: readonly LoggedChange[],
): Promise<number> {
  await applyChanges(
    changes.map(({ change }) => change),
    records,
    ledger,
  );
  return changes.length;
}
