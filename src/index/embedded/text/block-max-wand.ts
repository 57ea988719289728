import { END, type PostingCursor } from './posting-cursor.js';
import { pruneBar, scoreAt, type SegmentSearch } from './top-k-search.js';

/**
 * Block-max WAND (Ding and Suel, 2011), exact: cursors are kept sorted by document; the pivot
 * is the first document whose terms' global bounds could beat the k-th score, and it is only
 * scored when the bounds of the blocks holding it can too. Otherwise every cursor skips past
 * the first block that ends, since no document before that can enter.
 */
export function blockMaxWand({ cursors, labels, acceptor, top }: SegmentSearch): void {
  const order = cursors.slice();
  const m = order.length;
  sortByDoc(order, m - 1);
  for (;;) {
    const bar = pruneBar(top.threshold());
    let pivot = -1;
    let bound = 0;
    for (let i = 0; i < m; i++) {
      if (order[i].doc === END) break;
      bound += order[i].upper;
      if (bound > bar) {
        pivot = i;
        break;
      }
    }
    if (pivot < 0) return;
    const doc = order[pivot].doc;
    while (pivot + 1 < m && order[pivot + 1].doc === doc) pivot++;

    let blockBound = 0;
    for (let i = 0; i <= pivot; i++) {
      order[i].shallowAdvance(doc);
      blockBound += order[i].blockBound();
    }
    if (blockBound > bar) {
      if (order[0].doc === doc) {
        if (acceptor.accepts(doc)) top.offer(labels[doc], scoreAt(cursors, doc));
        for (let i = 0; i <= pivot; i++) order[i].next();
      } else {
        for (let i = 0; i < pivot && order[i].doc < doc; i++) order[i].advance(doc);
      }
    } else {
      let next = pivot + 1 < m ? order[pivot + 1].doc : END;
      for (let i = 0; i <= pivot; i++) next = Math.min(next, order[i].blockEnd() + 1);
      for (let i = 0; i <= pivot; i++) order[i].advance(next);
    }
    sortByDoc(order, pivot);
  }
}

/** Insertion sort by document; only cursors up to `moved` changed, so it is nearly sorted. */
function sortByDoc(order: PostingCursor[], moved: number): void {
  for (let i = Math.min(moved, order.length - 1); i >= 0; i--) {
    const cursor = order[i];
    let j = i + 1;
    while (j < order.length && order[j].doc < cursor.doc) {
      order[j - 1] = order[j];
      j++;
    }
    order[j - 1] = cursor;
  }
}
