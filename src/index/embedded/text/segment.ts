import { lookupTerm, termAt, type TermBytes } from './term-table.js';

/** Postings are cut into blocks of this many; each block has its last document and impacts. */
export const BLOCK_SIZE = 128;
export const BLOCK_SHIFT = 7;

/**
 * Everything of a segment but its postings: the document table, the term dictionary and the
 * per-block skip data. Documents are numbered by ordinal (their order in the segment); labels
 * are the caller's ids. All arrays are typed, so a loaded segment is a few large buffers.
 */
export interface SegmentDictionary {
  /** Ordinal → label. */
  labels: Int32Array;
  /** Ordinal → analysed terms in title and abstract. */
  lengths: Int32Array;
  /** Ordinals sorted by label, for finding a label's ordinal. */
  labelOrder: Int32Array;
  termBytes: Uint8Array;
  /** Term id → start of its bytes; one more entry than terms. */
  termOffsets: Uint32Array;
  /** Hash table over term bytes (term-table.ts). */
  termTable: Int32Array;
  /** Term id → first posting; one more entry than terms. */
  postingOffsets: Uint32Array;
  /** Term id → first block; one more entry than terms. */
  blockOffsets: Uint32Array;
  /** Block → last ordinal in it. */
  blockLast: Int32Array;
  /** Block → first impact; one more entry than blocks. */
  impactOffsets: Uint32Array;
  /**
   * A block's impacts: pairs (weighted term frequency, shortest length among the block's
   * documents with that frequency) that no other pair dominates. The block's best BM25
   * contribution is the best over its impacts, whatever the corpus statistics are.
   */
  impactFreqs: Uint16Array;
  impactLengths: Int32Array;
}

export interface SegmentData extends SegmentDictionary {
  /** Posting → ordinal, ascending within a term. */
  docs: Int32Array;
  /** Posting → weighted term frequency (title occurrences count twice). */
  freqs: Uint16Array;
}

/** A segment's dictionary, never modified once written. */
export class SegmentTable<D extends SegmentDictionary = SegmentDictionary> {
  private readonly terms: TermBytes;

  constructor(
    readonly name: string,
    readonly data: D,
  ) {
    this.terms = { bytes: data.termBytes, offsets: data.termOffsets };
  }

  get documents(): number {
    return this.data.labels.length;
  }

  get termCount(): number {
    return this.data.termOffsets.length - 1;
  }

  /** The term's id in this segment, or -1. */
  termId(stem: string): number {
    return lookupTerm(this.data.termTable, this.terms, stem);
  }

  term(id: number): string {
    return termAt(this.terms, id);
  }

  /** Documents holding the term (deleted ones included). */
  frequency(id: number): number {
    return this.data.postingOffsets[id + 1] - this.data.postingOffsets[id];
  }

  /** The ordinal holding `label`, or -1. */
  ordinalOf(label: number): number {
    const { labels, labelOrder } = this.data;
    let low = 0;
    let high = labelOrder.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const found = labels[labelOrder[mid]];
      if (found === label) return labelOrder[mid];
      if (found < label) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }
}

/** A segment with its postings: what searches and merges read. */
export class Segment extends SegmentTable<SegmentData> {
  get postings(): number {
    return this.data.docs.length;
  }
}
