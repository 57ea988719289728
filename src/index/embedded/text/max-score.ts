import { END, type PostingCursor } from './posting-cursor.js';
import { pruneBar, scoreAt, type SegmentSearch } from './top-k-search.js';

/**
 * MaxScore (Turtle and Flood, 1995) with block bounds, exact: terms sorted by their bound
 * split into non-essential ones (together unable to beat the k-th score) and essential ones.
 * Only documents of essential terms are candidates; the non-essential terms are looked up
 * from the best down, the candidate dropped as soon as its bound (using each term's current
 * block bound) cannot beat the k-th score.
 */
export function maxScore({ cursors, labels, acceptor, top }: SegmentSearch): void {
  const order = cursors.slice().sort((a, b) => a.upper - b.upper || a.index - b.index);
  const m = order.length;
  /** prefix[i]: the sum of the bounds of order[0, i). */
  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) prefix[i + 1] = prefix[i] + order[i].upper;
  let bar = pruneBar(top.threshold());
  let essential = firstEssential(prefix, bar, 0);
  while (essential < m) {
    let doc = END;
    for (let i = essential; i < m; i++) if (order[i].doc < doc) doc = order[i].doc;
    if (doc === END) return;
    if (acceptor.accepts(doc) && beatsBar(order, essential, prefix, doc, bar)) {
      top.offer(labels[doc], scoreAt(cursors, doc));
      const raised = pruneBar(top.threshold());
      if (raised > bar) {
        bar = raised;
        essential = firstEssential(prefix, bar, essential);
      }
    }
    for (let i = essential; i < m; i++) if (order[i].doc === doc) order[i].next();
  }
}

/** The first essential term: the bounds of all terms before it sum to at most `bar`. */
function firstEssential(prefix: Float64Array, bar: number, from: number): number {
  let i = from;
  while (i + 1 < prefix.length && prefix[i + 1] <= bar) i++;
  return i;
}

/**
 * Whether `doc` may beat `bar`: its essential terms' scores plus the non-essential terms
 * looked up best first, each bounded by its block until it is read. Leaves every
 * non-essential cursor it reads at or after `doc`.
 */
function beatsBar(
  order: PostingCursor[],
  essential: number,
  prefix: Float64Array,
  doc: number,
  bar: number,
): boolean {
  let bound = prefix[essential];
  for (let i = essential; i < order.length; i++) if (order[i].doc === doc) bound += order[i].score();
  for (let i = essential - 1; i >= 0; i--) {
    if (bound <= bar) return false;
    const cursor = order[i];
    cursor.shallowAdvance(doc);
    const blockBound = cursor.blockBound();
    bound -= cursor.upper - blockBound;
    if (bound <= bar) return false;
    cursor.advance(doc);
    bound += (cursor.doc === doc ? cursor.score() : 0) - blockBound;
  }
  return bound > bar;
}
