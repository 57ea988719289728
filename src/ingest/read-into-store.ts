import { contentHash } from '../corpus/paper.js';
import type { CorpusEvent } from '../corpus/reader.js';
import type { SqlitePaperStore } from '../index/sqlite-paper-store.js';

/** What reading the input found, for the job summary and --strict. */
export interface ReadStats {
  read: number;
  stored: number;
  duplicates: number;
  skipped: Record<string, number>;
  /** Every skipped record, as `file:line: reason`. */
  problems: string[];
}

const TRANSACTION_SIZE = 2000;

/** Labels to keep: ids the previous version held keep theirs; new ids count on from `next`. */
export interface LabelSeed {
  labels: ReadonlyMap<string, number>;
  next: number;
}

/**
 * Streams corpus events into the store. A repeated id keeps the last record, at the label
 * the id first got, so labels follow first appearance and rebuilds are reproducible. With a
 * seed, known ids keep their earlier labels.
 */
export async function readIntoStore(
  events: AsyncIterable<CorpusEvent>,
  store: SqlitePaperStore,
  onProblem: (problem: string) => void,
  seed: LabelSeed = { labels: new Map(), next: 0 },
): Promise<ReadStats> {
  const stats: ReadStats = { read: 0, stored: 0, duplicates: 0, skipped: {}, problems: [] };
  const labels = new Map<string, number>();
  let next = seed.next;
  let pending: Extract<CorpusEvent, { kind: 'paper' }>[] = [];
  const flush = () => {
    store.transaction(() => {
      for (const { paper } of pending) {
        let label = labels.get(paper.id);
        if (label === undefined) {
          label = seed.labels.get(paper.id) ?? next++;
          labels.set(paper.id, label);
        } else {
          stats.duplicates++;
        }
        store.putPaper(label, paper, contentHash(paper));
      }
    });
    pending = [];
  };
  for await (const event of events) {
    stats.read++;
    if (event.kind === 'skip') {
      const problem = `${event.file}:${event.line}: ${event.reason}`;
      stats.skipped[reasonKey(event.reason)] = (stats.skipped[reasonKey(event.reason)] ?? 0) + 1;
      stats.problems.push(problem);
      onProblem(problem);
      continue;
    }
    pending.push(event);
    if (pending.length >= TRANSACTION_SIZE) flush();
  }
  flush();
  stats.stored = labels.size;
  return stats;
}

/** Groups reasons like "invalid JSON: Unexpected token x" under "invalid JSON". */
function reasonKey(reason: string): string {
  return reason.split(':')[0].trim();
}
