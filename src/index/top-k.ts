import type { Scored } from './scored.js';

/**
 * Keeps the k best labels seen, with a binary min-heap. Higher scores are better; among equal
 * scores the lower label is, so the k kept do not depend on the order labels were offered in.
 */
export class TopK {
  private heap: Scored[] = [];

  constructor(private readonly k: number) {}

  offer(label: number, score: number): void {
    const { heap, k } = this;
    if (k <= 0) return;
    if (heap.length < k) {
      heap.push({ label, score });
      this.siftUp(heap.length - 1);
    } else if (score > heap[0].score || (score === heap[0].score && label < heap[0].label)) {
      heap[0] = { label, score };
      this.siftDown(0);
    }
  }

  /**
   * The lowest score kept once k are kept, -Infinity before (Infinity when k is 0): a label
   * scoring below it cannot enter, so pruning searches skip whatever cannot reach it.
   */
  threshold(): number {
    if (this.k <= 0) return Infinity;
    return this.heap.length < this.k ? -Infinity : this.heap[0].score;
  }

  /** Best first; ties broken by label for a stable order. */
  sorted(): Scored[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.label - b.label);
  }

  /** Whether heap entry i ranks below entry j. */
  private below(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    return a.score < b.score || (a.score === b.score && a.label > b.label);
  }

  private siftUp(i: number): void {
    const { heap } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.below(i, parent)) return;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < heap.length && this.below(left, lowest)) lowest = left;
      if (right < heap.length && this.below(right, lowest)) lowest = right;
      if (lowest === i) return;
      [heap[lowest], heap[i]] = [heap[i], heap[lowest]];
      i = lowest;
    }
  }
}
