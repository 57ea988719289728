import { contentHash, textHash } from '../corpus/paper.js';
import type { LoggedChange } from '../index/change-log.js';
import type { RecordWriter } from '../index/record-store.js';
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
  for (const { change } of changes) {
    if (change.op === 'delete') {
      const label = ledger.forget(change.id);
      if (label !== null) await records.remove([label]);
      continue;
    }
    const { paper } = change;
    const { label } = ledger.place(paper);
    await records.put([
      { label, paper, contentHash: contentHash(paper), textHash: textHash(paper) },
    ]);
  }
  return changes.length;
}
