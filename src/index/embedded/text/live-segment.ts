import { blockMaxima, type BlockMaxima } from './block-impacts.js';
import { bm25Norm, lengthNorms } from './scoring.js';
import type { Segment } from './segment.js';

/**
 * A segment as one index version searches it: its deleted documents marked, and its length
 * norms and block maxima computed for the statistics the version scores with (which change
 * when other segments come or go, so they are never stored with the segment).
 */
export class LiveSegment {
  /** Ordinal → 1 when deleted; null when nothing is. */
  readonly deleted: Uint8Array | null;
  readonly liveDocuments: number;
  /** Sum of the live documents' lengths. */
  readonly liveLength: number;
  private scoring: { norms: Float64Array; maxima: BlockMaxima; averageLength: number } | null =
    null;

  constructor(
    readonly segment: Segment,
    deletedLabels: Iterable<number> = [],
  ) {
    const { lengths } = segment.data;
    let deleted: Uint8Array | null = null;
    for (const label of deletedLabels) {
      const ordinal = segment.ordinalOf(label);
      if (ordinal < 0) continue;
      deleted ??= new Uint8Array(lengths.length);
      deleted[ordinal] = 1;
    }
    let live = 0;
    let length = 0;
    for (let i = 0; i < lengths.length; i++) {
      if (deleted?.[i]) continue;
      live++;
      length += lengths[i];
    }
    this.deleted = deleted;
    this.liveDocuments = live;
    this.liveLength = length;
  }

  get name(): string {
    return this.segment.name;
  }

  /** Deleted labels, for writing the segment's deletion set. */
  deletedLabels(): number[] {
    const { deleted } = this;
    if (!deleted) return [];
    const { labels } = this.segment.data;
    const out: number[] = [];
    for (let i = 0; i < deleted.length; i++) if (deleted[i]) out.push(labels[i]);
    return out;
  }

  isLive(ordinal: number): boolean {
    return this.deleted === null || this.deleted[ordinal] === 0;
  }

  /** Norms and block maxima for this average length, computed once per value. */
  scoringFor(averageLength: number): { norms: Float64Array; maxima: BlockMaxima } {
    if (this.scoring?.averageLength !== averageLength) {
      const { data } = this.segment;
      this.scoring = {
        averageLength,
        norms: lengthNorms(data.lengths, averageLength),
        maxima: blockMaxima(data, (length) => bm25Norm(length, averageLength)),
      };
    }
    return this.scoring;
  }
}
