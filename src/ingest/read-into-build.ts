import { contentHash, textHash, type Paper } from '../corpus/paper.js';
import type { CorpusEvent, SkipEvent } from '../corpus/reader.js';
import type { PaperIdentity, RecordWriter } from '../index/record-store.js';

/** What reading the input found, for the job summary and --strict. */
export interface ReadStats {
  read: number;
  stored: number;
  duplicates: number;
  skipped: Record<string, number>;
  /** Every skipped record, as `file:line: reason`. */
  problems: string[];
}

/** How the corpus of a build differs from its base version's (all added without a base). */
export interface CorpusDiff {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

/**
 * Labels the build touched: papers whose embedded text is new or changed (to embed and to
 * index as text) and papers that left the corpus (to delete).
 */
export interface BuildChanges {
  dirty: Set<number>;
  removed: number[];
}

export const TRANSACTION_SIZE = 2000;

/**
 * The papers a build held when it started (an update's base) and what the input does to them.
 * Labels follow first appearance: a known id keeps its label, a new id takes the next free one,
 * so rebuilds are reproducible and an update touches only what changed.
 *
 * A full read (`start`) knows every base paper up front, since papers absent from the input
 * leave. A change list (`forChanges`) leaves absent papers alone, so it looks up only the ids it
 * names (`lookUp`) and its cost follows the change, not the corpus.
 */
export class BuildLedger {
  /** Every paper the build holds now among those known: its label and content hash, by id. */
  private readonly seen = new Map<string, { label: number; contentHash: string }>();
  /** Ids looked up and not in the base. */
  private readonly missing = new Set<string>();
  private readonly removed = new Set<number>();
  readonly changes: BuildChanges = { dirty: new Set(), removed: [] };

  private constructor(
    private readonly base: Map<string, PaperIdentity>,
    private next: number,
    /** Base papers never looked up: held unchanged (0 for a full read, which knows them all). */
    private readonly baseCount: number,
    private readonly records: RecordWriter | null,
  ) {}

  /** Starts from what the build holds (nothing for a full build, the base for an update). */
  static async start(records: RecordWriter): Promise<BuildLedger> {
    const base = new Map<string, PaperIdentity>();
    let next = 0;
    for await (const identity of records.identities()) {
      base.set(identity.id, identity);
      next = Math.max(next, identity.label + 1);
    }
    return new BuildLedger(base, next, base.size, null);
  }

  /**
   * Starts an update by a change list from the base's size and next free label (its manifest's),
   * without reading the base: papers are looked up by id as the changes name them.
   */
  static forChanges(
    records: RecordWriter,
    base: { count: number; nextLabel: number },
  ): BuildLedger {
    return new BuildLedger(new Map(), base.nextLabel, base.count, records);
  }

  /** Learns the base identities of these ids, once each (nothing to learn after a full read). */
  async lookUp(ids: Iterable<string>): Promise<void> {
    if (!this.records) return;
    for (const id of ids) {
      if (this.base.has(id) || this.missing.has(id) || this.seen.has(id)) continue;
      const found = await this.records.find({ id });
      if (!found) {
        this.missing.add(id);
        continue;
      }
      const { label, contentHash, textHash } = found;
      this.base.set(id, { id, label, contentHash, textHash });
      this.seen.set(id, { label, contentHash });
    }
  }

  /** Papers the build holds. */
  get count(): number {
    return this.seen.size + this.baseCount - this.base.size;
  }

  /** The label a paper is stored under, and whether its stored record must be written. */
  place(paper: Paper): { label: number; write: boolean; duplicate: boolean } {
    const held = this.seen.get(paper.id);
    const known = this.base.get(paper.id);
    const label = held?.label ?? known?.label ?? this.next++;
    const hash = contentHash(paper);
    this.seen.set(paper.id, { label, contentHash: hash });
    if (!known || known.textHash !== textHash(paper)) this.changes.dirty.add(label);
    // A base paper deleted earlier in this build and placed again: its record is gone, its
    // vector and text stay (not removed after all) unless its text changed.
    const revived = this.removed.delete(label);
    if (revived) this.changes.removed.splice(this.changes.removed.indexOf(label), 1);
    const current = held?.contentHash ?? known?.contentHash;
    // A change list names a paper as often as it changed; only a full read's repeat is a duplicate.
    const duplicate = held !== undefined && this.records === null;
    return { label, write: revived || current !== hash || duplicate, duplicate };
  }

  /** Base papers the input no longer holds; they are deleted from the build. */
  finishInput(): number[] {
    const removed: number[] = [];
    for (const [id, { label }] of this.base) if (!this.seen.has(id)) removed.push(label);
    this.markRemoved(removed);
    return removed;
  }

  /**
   * A paper deleted (an API delete, a removal in a change list): its label, whose record the
   * caller removes, or null when the build does not hold it.
   */
  forget(id: string): number | null {
    const held = this.seen.get(id);
    if (held === undefined) return null;
    this.seen.delete(id);
    this.changes.dirty.delete(held.label);
    // Only base labels have vectors and text to remove; a paper added by this build has none.
    if (this.base.get(id)?.label === held.label) this.markRemoved([held.label]);
    return held.label;
  }

  private markRemoved(labels: readonly number[]): void {
    for (const label of labels) this.removed.add(label);
    this.changes.removed.push(...labels);
  }

  /** How the papers held now differ from the base's. */
  get diff(): CorpusDiff {
    const diff: CorpusDiff = { added: 0, changed: 0, unchanged: 0, removed: 0 };
    for (const [id, { contentHash }] of this.seen) {
      const known = this.base.get(id);
      if (!known) diff.added++;
      else if (known.contentHash === contentHash) diff.unchanged++;
      else diff.changed++;
    }
    diff.removed = this.base.size - (diff.changed + diff.unchanged);
    diff.unchanged += this.baseCount - this.base.size;
    return diff;
  }

  /** One past the highest label in use: the version's next free label. */
  get nextLabel(): number {
    return this.next;
  }
}

/** Streams corpus events into the build's records, in transactions of TRANSACTION_SIZE. */
export async function readIntoBuild(
  events: AsyncIterable<CorpusEvent>,
  records: RecordWriter,
  ledger: BuildLedger,
  onProblem: (problem: string) => void,
): Promise<ReadStats> {
  const stats: ReadStats = { read: 0, stored: 0, duplicates: 0, skipped: {}, problems: [] };
  let pending: Array<{ label: number; paper: Paper; contentHash: string; textHash: string }> = [];
  const flush = async () => {
    await records.put(pending);
    pending = [];
  };
  for await (const event of events) {
    stats.read++;
    if (event.kind === 'skip') {
      countSkip(stats, event, onProblem);
      continue;
    }
    const { paper } = event;
    const { label, write, duplicate } = ledger.place(paper);
    if (duplicate) stats.duplicates++;
    if (!write) continue;
    pending.push({ label, paper, contentHash: contentHash(paper), textHash: textHash(paper) });
    if (pending.length >= TRANSACTION_SIZE) await flush();
  }
  await flush();
  const removed = ledger.finishInput();
  if (removed.length > 0) await records.remove(removed);
  stats.stored = ledger.count;
  return stats;
}

/** Counts a skipped record under its reason and reports it as `file:line: reason`. */
export function countSkip(
  stats: ReadStats,
  event: SkipEvent,
  onProblem: (problem: string) => void,
): void {
  const problem = `${event.file}:${event.line}: ${event.reason}`;
  const key = reasonKey(event.reason);
  stats.skipped[key] = (stats.skipped[key] ?? 0) + 1;
  stats.problems.push(problem);
  onProblem(problem);
}

/** Groups reasons like "invalid JSON: Unexpected token x" under "invalid JSON". */
function reasonKey(reason: string): string {
  return reason.split(':')[0].trim();
}
