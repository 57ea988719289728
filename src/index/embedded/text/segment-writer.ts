import { ImpactCollector } from './block-impacts.js';
import { Growable } from './growable.js';
import { BLOCK_SIZE, type SegmentDictionary } from './segment.js';
import { buildTermTable, encodeTerm } from './term-table.js';

/** Where a writer's postings go, one block at a time: memory or a pair of files. */
export interface PostingSink {
  /** Takes a copy of `docs[0, count)` and `freqs[0, count)`. */
  writeBlock(docs: Int32Array, freqs: Uint16Array, count: number): void;
}

/** The document table a writer was started with: new ordinals, their labels and lengths. */
export interface DocumentTable {
  labels: Int32Array;
  lengths: Int32Array;
  /** Ordinals sorted by label. */
  labelOrder: Int32Array;
}

/**
 * Writes a segment's postings term by term, in one pass: each term's postings are pushed in
 * ordinal order and cut into blocks, whose last ordinal and impacts are recorded on the way.
 * Only the dictionary (terms, offsets, skip data) is kept in memory; postings go to the sink.
 */
export class SegmentWriter {
  private readonly termBytes = new Growable(Uint8Array, 1 << 16);
  private readonly termOffsets = new Growable(Uint32Array);
  private readonly postingOffsets = new Growable(Uint32Array);
  private readonly blockOffsets = new Growable(Uint32Array);
  private readonly blockLast = new Growable(Int32Array);
  private readonly impacts = new ImpactCollector();
  private readonly blockDocs = new Int32Array(BLOCK_SIZE);
  private readonly blockFreqs = new Uint16Array(BLOCK_SIZE);
  private inBlock = 0;
  private termPostings = 0;
  private postings = 0;
  private currentTerm: string | null = null;
  private lastOrdinal = -1;

  constructor(
    private readonly sink: PostingSink,
    private readonly documents: DocumentTable,
  ) {
    this.termOffsets.push(0);
    this.postingOffsets.push(0);
    this.blockOffsets.push(0);
  }

  beginTerm(term: string): void {
    if (this.currentTerm !== null) throw new Error(`term "${this.currentTerm}" was not ended`);
    this.currentTerm = term;
    this.termPostings = 0;
    this.lastOrdinal = -1;
  }

  push(ordinal: number, freq: number): void {
    if (ordinal <= this.lastOrdinal) {
      throw new Error(`postings of "${this.currentTerm}" out of order at ordinal ${ordinal}`);
    }
    this.lastOrdinal = ordinal;
    this.blockDocs[this.inBlock] = ordinal;
    this.blockFreqs[this.inBlock] = freq;
    if (++this.inBlock === BLOCK_SIZE) this.flushBlock();
    this.termPostings++;
  }

  /** Ends the term; a term that got no postings is left out of the segment. */
  endTerm(): void {
    if (this.currentTerm === null) throw new Error('endTerm without beginTerm');
    if (this.inBlock > 0) this.flushBlock();
    if (this.termPostings > 0) {
      this.termBytes.append(encodeTerm(this.currentTerm));
      this.termOffsets.push(this.termBytes.length);
      this.postings += this.termPostings;
      this.postingOffsets.push(this.postings);
      this.blockOffsets.push(this.blockLast.length);
    }
    this.currentTerm = null;
  }

  finish(): SegmentDictionary {
    if (this.currentTerm !== null) throw new Error(`term "${this.currentTerm}" was not ended`);
    const termBytes = this.termBytes.toArray();
    const termOffsets = this.termOffsets.toArray();
    return {
      ...this.documents,
      termBytes,
      termOffsets,
      termTable: buildTermTable({ bytes: termBytes, offsets: termOffsets }),
      postingOffsets: this.postingOffsets.toArray(),
      blockOffsets: this.blockOffsets.toArray(),
      blockLast: this.blockLast.toArray(),
      impactOffsets: this.impacts.offsets.toArray(),
      impactFreqs: this.impacts.freqs.toArray(),
      impactLengths: this.impacts.lengths.toArray(),
    };
  }

  private flushBlock(): void {
    const count = this.inBlock;
    this.blockLast.push(this.blockDocs[count - 1]);
    this.impacts.addBlock(this.blockDocs, this.blockFreqs, count, this.documents.lengths);
    this.sink.writeBlock(this.blockDocs, this.blockFreqs, count);
    this.inBlock = 0;
  }
}

/** Keeps postings in growing arrays: segments built in memory. */
export class MemorySink implements PostingSink {
  private readonly docs = new Growable(Int32Array, 1 << 12);
  private readonly freqs = new Growable(Uint16Array, 1 << 12);

  writeBlock(docs: Int32Array, freqs: Uint16Array, count: number): void {
    this.docs.append(docs, 0, count);
    this.freqs.append(freqs, 0, count);
  }

  postings(): { docs: Int32Array; freqs: Uint16Array } {
    return { docs: this.docs.toArray(), freqs: this.freqs.toArray() };
  }
}
