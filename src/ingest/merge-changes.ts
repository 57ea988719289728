import type { LoggedChange } from '../changes/change-log.js';
import { contentHash } from '../corpus/paper.js';
import type { SqlitePaperStore } from '../index/sqlite-paper-store.js';
import type { LabelSeed } from './read-into-store.js';

/**
 * Applies API writes logged since the published version on top of the input just read, in
 * log order and in one transaction: they are newer than anything that version saw. An
 * upserted id keeps the label it has in the build, else the one it had before, else a new one.
 */
export function mergeChanges(
  store: SqlitePaperStore,
  changes: LoggedChange[],
  seed: LabelSeed,
): number {
  store.transaction(() => {
    let next = Math.max(seed.next, store.maxLabel() + 1);
    for (const { change } of changes) {
      if (change.op === 'delete') {
        const existing = store.getById(change.id);
        if (existing) store.deleteLabel(existing.label);
        continue;
      }
      const { paper } = change;
      const label = store.getById(paper.id)?.label ?? seed.labels.get(paper.id) ?? next++;
      store.putPaper(label, paper, contentHash(paper));
    }
  });
  return changes.length;
}
