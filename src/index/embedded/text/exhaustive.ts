import { saturation } from './scoring.js';
import type { SegmentSearch } from './top-k-search.js';

/**
 * Scores every posting of every term, term at a time: the reference the pruning strategies
 * must agree with, and the cost FTS5 pays on every query.
 */
export function exhaustive({ cursors, labels, acceptor, top }: SegmentSearch): void {
  const scores = new Float64Array(labels.length);
  const matched = new Uint8Array(labels.length);
  for (const { docs, freqs, norms, factor, start, end } of cursors) {
    for (let p = start; p < end; p++) {
      const doc = docs[p];
      scores[doc] += factor * saturation(freqs[p], norms[doc]);
      matched[doc] = 1;
    }
  }
  for (let doc = 0; doc < labels.length; doc++) {
    if (matched[doc] && acceptor.accepts(doc)) top.offer(labels[doc], scores[doc]);
  }
}

/**
 * Scores only the given documents (ordinals, ascending): a selective filter's candidates.
 * Each term's cursor skips to each candidate in turn, so the cost follows the candidates,
 * not the posting lists.
 */
export function scoreCandidates(search: SegmentSearch, ordinals: Int32Array): void {
  const { cursors, labels, acceptor, top } = search;
  const kept = ordinals.filter((doc) => acceptor.accepts(doc));
  const scores = new Float64Array(kept.length);
  const matched = new Uint8Array(kept.length);
  for (const cursor of cursors) {
    for (let i = 0; i < kept.length; i++) {
      cursor.advance(kept[i]);
      if (cursor.doc === kept[i]) {
        scores[i] += cursor.score();
        matched[i] = 1;
      }
    }
  }
  for (let i = 0; i < kept.length; i++) if (matched[i]) top.offer(labels[kept[i]], scores[i]);
}
