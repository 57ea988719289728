import type { Scored } from './scored.js';

/** Keeps the k highest-scoring labels seen, with a binary min-heap on score. */
export class TopK {
  private heap: Scored[] = [];

  constructor(private readonly k: number) {}

  offer(label: number, score: number): void {
    const { heap, k } = this;
    if (k <= 0) return;
    if (heap.length < k) {
      heap.push({ label, score });
      this.siftUp(heap.length - 1);
    } else if (score > heap[0].score) {
      heap[0] = { label, score };
      this.siftDown(0);
    }
  }

  /** Best first; ties broken by label for a stable order. */
  sorted(): Scored[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.label - b.label);
  }

  private siftUp(i: number): void {
    const { heap } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].score <= heap[i].score) return;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left].score < heap[smallest].score) smallest = left;
      if (right < heap.length && heap[right].score < heap[smallest].score) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
      i = smallest;
    }
  }
}
