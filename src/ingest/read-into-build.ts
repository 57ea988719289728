import { contentHash, textHash, type Paper } from '../corpus/paper.js';
import type { CorpusEvent } from '../corpus/reader.js';
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

const TRANSACTION_SIZE = 2000;

/**
 * The papers a build held when it started (an update's base) and what the input does to them.
 * Labels follow first appearance: a known id keeps its label, a new id takes the next free one,
 * so rebuilds are reproducible and an update touches only what changed.
 */
export class BuildLedger {
  /** Every paper the build holds now: its label and content hash, by id. */
  private readonly seen = new Map<string, { label: number; contentHash: string }>();
  readonly changes: BuildChanges = { dirty: new Set(), removed: [] };

  private constructor(
    private readonly base: Map<string, PaperIdentity>,
    private next: number,
  ) {}

  /** Starts from what the build holds (nothing for a full build, the base for an update). */
  static async start(records: RecordWriter): Promise<BuildLedger> {
    const base = new Map<string, PaperIdentity>();
    let next = 0;
    for await (const identity of records.identities()) {
      base.set(identity.id, identity);
      next = Math.max(next, identity.label + 1);
    }
    return new BuildLedger(base, next);
  }

  get count(): number {
    return this.seen.size;
  }

  /** The label a paper is stored under, and whether its stored record must be written. */
  place(paper: Paper): { label: number; write: boolean; duplicate: boolean } {
    const held = this.seen.get(paper.id);
    const known = this.base.get(paper.id);
    const label = held?.label ?? known?.label ?? this.next++;
    const hash = contentHash(paper);
    this.seen.set(paper.id, { label, contentHash: hash });
    if (!known || known.textHash !== textHash(paper)) this.changes.dirty.add(label);
    const duplicate = held !== undefined;
    return { label, write: !known || known.contentHash !== hash || duplicate, duplicate };
  }

  /** Base papers the input no longer holds; they are deleted from the build. */
  finishInput(): number[] {
    const removed: number[] = [];
    for (const [id, { label }] of this.base) if (!this.seen.has(id)) removed.push(label);
    this.changes.removed.push(...removed);
    return removed;
  }

  /** A paper deleted after the input was read (an API delete merged into the build). */
  forget(id: string): number | null {
    const held = this.seen.get(id);
    if (held === undefined) return null;
    this.seen.delete(id);
    this.changes.dirty.delete(held.label);
    this.changes.removed.push(held.label);
    return held.label;
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
      const problem = `${event.file}:${event.line}: ${event.reason}`;
      const key = reasonKey(event.reason);
      stats.skipped[key] = (stats.skipped[key] ?? 0) + 1;
      stats.problems.push(problem);
      onProblem(problem);
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

/** Groups reasons like "invalid JSON: Unexpected token x" under "invalid JSON". */
function reasonKey(reason: string): string {
  return reason.split(':')[0].trim();
}
