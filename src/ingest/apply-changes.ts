import { contentHash, textHash, type Paper } from '../corpus/paper.js';
import type { SkipEvent } from '../corpus/reader.js';
import type { PaperChange } from '../index/change-log.js';
import type { RecordWriter } from '../index/record-store.js';
import {
  countSkip,
  TRANSACTION_SIZE,
  type BuildLedger,
  type ReadStats,
} from './read-into-build.js';

/** One entry of a change list: an upsert or a removal, or a line that could not be read. */
export type ChangeItem = PaperChange | SkipEvent;

export function isSkip(item: ChangeItem): item is SkipEvent {
  return 'kind' in item && item.kind === 'skip';
}

/**
 * Applies changes to a build's records in order, a batch at a time: the batch's ids are looked
 * up in the base first (by id, so the cost follows the change), then each upsert is placed
 * (a known id keeps its label) and each removal forgets its paper. Papers the changes do not
 * name are left as they are. Skipped lines are counted and reported, as a read's are.
 */
export async function applyChanges(
  changes: AsyncIterable<ChangeItem> | Iterable<ChangeItem>,
  records: RecordWriter,
  ledger: BuildLedger,
  onProblem: (problem: string) => void = () => {},
): Promise<ReadStats> {
  const stats: ReadStats = { read: 0, stored: 0, duplicates: 0, skipped: {}, problems: [] };
  let batch: PaperChange[] = [];
  for await (const item of changes) {
    stats.read++;
    if (isSkip(item)) {
      countSkip(stats, item, onProblem);
      continue;
    }
    batch.push(item);
    if (batch.length >= TRANSACTION_SIZE) {
      await applyBatch(batch, records, ledger);
      batch = [];
    }
  }
  await applyBatch(batch, records, ledger);
  stats.stored = ledger.count;
  return stats;
}

type Entry = { label: number; paper: Paper; contentHash: string; textHash: string };

/** Writes each touched label's final state: a batch may change and remove a paper in turn. */
async function applyBatch(
  batch: readonly PaperChange[],
  records: RecordWriter,
  ledger: BuildLedger,
): Promise<void> {
  if (batch.length === 0) return;
  await ledger.lookUp(
    batch.map((change) => (change.op === 'delete' ? change.id : change.paper.id)),
  );
  const final = new Map<number, Entry | null>();
  for (const change of batch) {
    if (change.op === 'delete') {
      const label = ledger.forget(change.id);
      if (label !== null) final.set(label, null);
      continue;
    }
    const { paper } = change;
    const { label, write } = ledger.place(paper);
    if (write) {
      final.set(label, {
        label,
        paper,
        contentHash: contentHash(paper),
        textHash: textHash(paper),
      });
    }
  }
  const removed = [...final].filter(([, entry]) => entry === null).map(([label]) => label);
  if (removed.length > 0) await records.remove(removed);
  await records.put([...final.values()].filter((entry) => entry !== null));
}
