import { analyze } from '../../../embed/text-analyzer.js';
import type { TextDocument } from '../../text-index.js';
import { Growable } from './growable.js';
import { PostingRuns } from './posting-runs.js';
import { ABSTRACT_WEIGHT, TITLE_WEIGHT } from '../../bm25.js';
import { Segment, type SegmentDictionary } from './segment.js';
import { writeSegmentFiles, type SegmentSummary } from './segment-files.js';
import {
  MemorySink,
  SegmentWriter,
  type DocumentTable,
  type PostingSink,
} from './segment-writer.js';

/** Postings held in memory before a build spills a run, when it may spill. */
export const DEFAULT_RUN_POSTINGS = 4_000_000;
/** Weighted frequencies are stored in 16 bits; no paper's text comes near. */
const MAX_FREQ = 0xffff;

export interface SegmentBuilderOptions {
  /** Where sorted runs are spilled; without one, everything stays in memory (small segments). */
  spillDir?: string;
  runPostings?: number;
}

/**
 * Builds one segment from documents: each is analysed (the project's analyser: tokens,
 * stopwords, Porter stems), its terms counted with title occurrences weighted, and its
 * postings accumulated. A label added again replaces its earlier text; `remove` drops it.
 * Memory is the term dictionary, one run of postings and two integers per document.
 */
export class SegmentBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per term: the ordinal that last counted it, and where in the document scratch. */
  private readonly lastOrdinal = new Growable(Int32Array);
  private readonly scratchSlot = new Growable(Int32Array);
  private readonly docTerms = new Growable(Int32Array, 256);
  private readonly docFreqs = new Growable(Uint16Array, 256);
  private readonly labels = new Growable(Int32Array);
  private readonly lengths = new Growable(Int32Array);
  /** Label → documents added when it was removed: earlier adds of it are dropped. */
  private readonly removals = new Map<number, number>();
  private readonly runs: PostingRuns;

  constructor(options: SegmentBuilderOptions = {}) {
    this.runs = new PostingRuns(
      options.spillDir ?? null,
      options.runPostings ?? DEFAULT_RUN_POSTINGS,
    );
  }

  /** Documents added so far, replaced and removed ones included. */
  get added(): number {
    return this.labels.length;
  }

  add(doc: TextDocument): void {
    if (!Number.isInteger(doc.label) || doc.label < 0 || doc.label > 0x7fffffff) {
      throw new RangeError(`label ${doc.label} is not a non-negative 32-bit integer`);
    }
    const ordinal = this.labels.length;
    this.docTerms.length = this.docFreqs.length = 0;
    const title = analyze(doc.title);
    const abstract = analyze(doc.abstract);
    for (const stem of title) this.count(stem, ordinal, TITLE_WEIGHT);
    for (const stem of abstract) this.count(stem, ordinal, ABSTRACT_WEIGHT);
    const terms = this.docTerms.view();
    const freqs = this.docFreqs.view();
    for (let i = 0; i < terms.length; i++) this.runs.add(terms[i], ordinal, freqs[i]);
    this.labels.push(doc.label);
    this.lengths.push(title.length + abstract.length);
    this.runs.spillIfFull(this.terms.length);
  }

  remove(label: number): void {
    this.removals.set(label, this.labels.length);
  }

  /** Writes the segment's three files into `dir`. */
  write(dir: string, name: string): SegmentSummary {
    try {
      return writeSegmentFiles(dir, name, (sink) => this.finish(sink));
    } finally {
      this.runs.cleanup();
    }
  }

  /** The segment in memory, never written (papers written through the API). */
  toSegment(name: string): Segment {
    const sink = new MemorySink();
    try {
      const dict = this.finish(sink);
      return new Segment(name, { ...dict, ...sink.postings() });
    } finally {
      this.runs.cleanup();
    }
  }

  private count(stem: string, ordinal: number, weight: number): void {
    let id = this.termIds.get(stem);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(stem, id);
      this.terms.push(stem);
      this.lastOrdinal.push(-1);
      this.scratchSlot.push(0);
    }
    if (this.lastOrdinal.get(id) !== ordinal) {
      this.lastOrdinal.set(id, ordinal);
      this.scratchSlot.set(id, this.docTerms.length);
      this.docTerms.push(id);
      this.docFreqs.push(weight);
    } else {
      const slot = this.scratchSlot.get(id);
      this.docFreqs.set(slot, Math.min(MAX_FREQ, this.docFreqs.get(slot) + weight));
    }
  }

  private finish(sink: PostingSink): SegmentDictionary {
    const { table, remap } = this.documentTable();
    const writer = new SegmentWriter(sink, table);
    const readers = this.runs.readers(this.terms.length);
    for (let term = 0; term < this.terms.length; term++) {
      writer.beginTerm(this.terms[term]);
      for (const reader of readers) reader.drain(term, remap, writer);
      writer.endTerm();
    }
    return writer.finish();
  }

  /**
   * The documents that stay (the last add of each label, unless removed after it), renumbered
   * in the order they were added, and the map from added ordinals to kept ones (-1: dropped).
   */
  private documentTable(): { table: DocumentTable; remap: Int32Array } {
    const labels = this.labels.view();
    const lengths = this.lengths.view();
    const byLabel = ordinalsByLabel(labels);
    const keep = new Uint8Array(labels.length);
    for (let i = 0; i < byLabel.length; i++) {
      const ordinal = byLabel[i];
      const last = i + 1 === byLabel.length || labels[byLabel[i + 1]] !== labels[ordinal];
      const removedAt = this.removals.get(labels[ordinal]) ?? -1;
      if (last && removedAt <= ordinal) keep[ordinal] = 1;
    }
    const remap = new Int32Array(labels.length).fill(-1);
    let kept = 0;
    for (let ordinal = 0; ordinal < labels.length; ordinal++)
      if (keep[ordinal]) remap[ordinal] = kept++;
    const table: DocumentTable = {
      labels: new Int32Array(kept),
      lengths: new Int32Array(kept),
      labelOrder: new Int32Array(kept),
    };
    for (let ordinal = 0; ordinal < labels.length; ordinal++) {
      if (remap[ordinal] < 0) continue;
      table.labels[remap[ordinal]] = labels[ordinal];
      table.lengths[remap[ordinal]] = lengths[ordinal];
    }
    let at = 0;
    for (const ordinal of byLabel) if (remap[ordinal] >= 0) table.labelOrder[at++] = remap[ordinal];
    return { table, remap };
  }
}

/** Ordinals sorted by label, then ordinal; no sort at all when labels already ascend. */
export function ordinalsByLabel(labels: Int32Array): Int32Array {
  const order = new Int32Array(labels.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let ascending = true;
  for (let i = 1; i < labels.length && ascending; i++) ascending = labels[i - 1] <= labels[i];
  if (!ascending) order.sort((a, b) => labels[a] - labels[b] || a - b);
  return order;
}
