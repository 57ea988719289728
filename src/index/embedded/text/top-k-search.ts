import type { TopK } from '../../top-k.js';
import type { DocAcceptor } from './label-options.js';
import type { PostingCursor } from './posting-cursor.js';

/** One segment's part of a search: its cursors in query order and where results go. */
export interface SegmentSearch {
  cursors: PostingCursor[];
  labels: Int32Array;
  acceptor: DocAcceptor;
  top: TopK;
}

/** A top-k strategy over one segment; the top k is shared, so later segments prune harder. */
export type TopKSearch = (search: SegmentSearch) => void;

/**
 * The score below which a document cannot enter the top k, with room for rounding: bounds
 * are sums in another order than scores, so they may fall an ulp short of a score they cover.
 */
export function pruneBar(threshold: number): number {
  return threshold - 1e-9 * (1 + Math.abs(threshold));
}

/** The document's score, summed in query order (as every strategy sums, bit for bit). */
export function scoreAt(cursors: readonly PostingCursor[], doc: number): number {
  let score = 0;
  for (const cursor of cursors) if (cursor.doc === doc) score += cursor.score();
  return score;
}
