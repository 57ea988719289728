import { BLOCK_SHIFT } from './segment.js';
import { saturation } from './scoring.js';
import type { SegmentData } from './segment.js';

/** Past every ordinal: an exhausted cursor's document. */
export const END = 0x7fffffff;

/** What a cursor reads besides its postings: the version's norms and block maxima. */
export interface CursorScoring {
  norms: Float64Array;
  blockMax: Float64Array;
  termMax: Float64Array;
}

/**
 * One query term's postings in one segment, read document at a time. Besides the posting it
 * stands on, a cursor has a block it looks at: `shallowAdvance` moves only that, so the
 * block's bound can be read without decoding postings (block-max WAND's "shallow" move).
 */
export class PostingCursor {
  readonly docs: Int32Array;
  readonly freqs: Uint16Array;
  readonly norms: Float64Array;
  readonly blockLast: Int32Array;
  readonly blockMaxima: Float64Array;
  readonly start: number;
  readonly end: number;
  readonly firstBlock: number;
  readonly lastBlock: number;
  /** The term's weight times its idf. */
  readonly factor: number;
  /** The factor as an upper-bound multiplier: a negative term can only lower a score. */
  private readonly boundFactor: number;
  /** Best contribution anywhere in the term's postings. */
  readonly upper: number;
  pos: number;
  doc: number;
  block: number;

  constructor(
    data: SegmentData,
    scoring: CursorScoring,
    term: number,
    factor: number,
    /** The term's place in the query: scores are summed in this order. */
    readonly index: number,
  ) {
    this.docs = data.docs;
    this.freqs = data.freqs;
    this.norms = scoring.norms;
    this.blockLast = data.blockLast;
    this.blockMaxima = scoring.blockMax;
    this.start = data.postingOffsets[term];
    this.end = data.postingOffsets[term + 1];
    this.firstBlock = data.blockOffsets[term];
    this.lastBlock = data.blockOffsets[term + 1] - 1;
    this.factor = factor;
    this.boundFactor = factor > 0 ? factor : 0;
    this.upper = this.boundFactor * scoring.termMax[term];
    this.pos = this.start;
    this.doc = this.docs[this.start];
    this.block = this.firstBlock;
  }

  /** This document's contribution to the score (the cursor must stand on it). */
  score(): number {
    return this.factor * saturation(this.freqs[this.pos], this.norms[this.doc]);
  }

  next(): void {
    const pos = ++this.pos;
    if (pos >= this.end) {
      this.doc = END;
      return;
    }
    this.doc = this.docs[pos];
    const block = this.firstBlock + ((pos - this.start) >> BLOCK_SHIFT);
    if (block > this.block) this.block = block;
  }

  /** Moves to the first posting at or after `target`. */
  advance(target: number): void {
    if (this.doc >= target) return;
    this.shallowAdvance(target);
    if (this.block > this.lastBlock) {
      this.pos = this.end;
      this.doc = END;
      return;
    }
    let pos = Math.max(this.pos + 1, this.start + ((this.block - this.firstBlock) << BLOCK_SHIFT));
    const { docs } = this;
    while (docs[pos] < target) pos++;
    this.pos = pos;
    this.doc = docs[pos];
  }

  /** Moves the block looked at to the one that would hold `target`; postings stay. */
  shallowAdvance(target: number): void {
    const { blockLast, lastBlock } = this;
    let block = this.block;
    if (block > lastBlock || blockLast[block] >= target) return;
    // Gallop, then halve: long lists are crossed in a logarithmic number of steps.
    let step = 1;
    let low = block;
    while (block + step <= lastBlock && blockLast[block + step] < target) {
      low = block + step;
      step *= 2;
    }
    let high = Math.min(block + step, lastBlock + 1);
    block = low;
    while (high - block > 1) {
      const mid = (block + high) >> 1;
      if (blockLast[mid] < target) block = mid;
      else high = mid;
    }
    this.block = high;
  }

  /** Bound on the contribution of any document in the block looked at. */
  blockBound(): number {
    return this.block > this.lastBlock ? 0 : this.boundFactor * this.blockMaxima[this.block];
  }

  /** Last ordinal of the block looked at (END - 1 past the last block). */
  blockEnd(): number {
    return this.block > this.lastBlock ? END - 1 : this.blockLast[this.block];
  }
}
