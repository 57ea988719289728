import { Growable } from './growable.js';
import { saturation } from './scoring.js';
import type { SegmentDictionary } from './segment.js';

const UNSET = -1;

/**
 * Collects each block's impacts as postings are written: for every frequency in the block,
 * the shortest document with it, keeping only pairs no higher frequency beats on length.
 */
export class ImpactCollector {
  readonly offsets = new Growable(Uint32Array);
  readonly freqs = new Growable(Uint16Array);
  readonly lengths = new Growable(Int32Array);
  private readonly shortest = new Int32Array(65536).fill(UNSET);
  private readonly seen = new Int32Array(128);

  constructor() {
    this.offsets.push(0);
  }

  /** Adds one block of postings; `lengths` maps ordinals to document lengths. */
  addBlock(docs: Int32Array, freqs: Uint16Array, count: number, lengths: Int32Array): void {
    const { shortest, seen } = this;
    let distinct = 0;
    for (let i = 0; i < count; i++) {
      const f = freqs[i];
      const length = lengths[docs[i]];
      if (shortest[f] === UNSET) {
        seen[distinct++] = f;
        shortest[f] = length;
      } else if (length < shortest[f]) {
        shortest[f] = length;
      }
    }
    sortDescending(seen, distinct);
    let best = Infinity;
    for (let i = 0; i < distinct; i++) {
      const f = seen[i];
      if (shortest[f] < best) {
        best = shortest[f];
        this.freqs.push(f);
        this.lengths.push(best);
      }
      shortest[f] = UNSET;
    }
    this.offsets.push(this.freqs.length);
  }
}

function sortDescending(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] < value) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = value;
  }
}

/** Each block's best saturation under the given length norm, and each term's best block. */
export interface BlockMaxima {
  blocks: Float64Array;
  terms: Float64Array;
}

export function blockMaxima(
  data: SegmentDictionary,
  norm: (length: number) => number,
): BlockMaxima {
  const { impactOffsets, impactFreqs, impactLengths, blockOffsets } = data;
  const blocks = new Float64Array(impactOffsets.length - 1);
  for (let b = 0; b < blocks.length; b++) {
    let best = 0;
    for (let i = impactOffsets[b]; i < impactOffsets[b + 1]; i++) {
      const value = saturation(impactFreqs[i], norm(impactLengths[i]));
      if (value > best) best = value;
    }
    blocks[b] = best;
  }
  const terms = new Float64Array(blockOffsets.length - 1);
  for (let t = 0; t < terms.length; t++) {
    let best = 0;
    for (let b = blockOffsets[t]; b < blockOffsets[t + 1]; b++)
      if (blocks[b] > best) best = blocks[b];
    terms[t] = best;
  }
  return { blocks, terms };
}
