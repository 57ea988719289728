import type { LabelFilter, Neighbour, VectorGraph } from './vector-graph.js';
import { TopK } from './top-k.js';

/**
 * Exhaustive inner-product search over a contiguous Float32 matrix. Exact, and for a few
 * thousand vectors as fast as a graph search, so small indexes use it.
 */
export class ExactIndex implements VectorGraph {
  private matrix: Float32Array;
  private labels: number[] = [];
  private rowOf = new Map<number, number>();
  private deleted = new Set<number>();

  constructor(
    readonly dims: number,
    capacity = 1024,
  ) {
    this.matrix = new Float32Array(dims * Math.max(1, capacity));
  }

  get size(): number {
    return this.labels.length - this.deleted.size;
  }

  add(label: number, vector: Float32Array): void {
    checkDims(this.dims, vector);
    const existing = this.rowOf.get(label);
    const row = existing ?? this.labels.length;
    if (existing === undefined) {
      this.ensureCapacity(row + 1);
      this.labels.push(label);
      this.rowOf.set(label, row);
    }
    this.deleted.delete(label);
    this.matrix.set(vector, row * this.dims);
  }

  search(vector: Float32Array, k: number, filter?: LabelFilter): Neighbour[] {
    checkDims(this.dims, vector);
    const top = new TopK(k);
    const { dims, matrix } = this;
    for (let row = 0; row < this.labels.length; row++) {
      const label = this.labels[row];
      if (this.deleted.has(label) || (filter && !filter(label))) continue;
      let dot = 0;
      const base = row * dims;
      for (let d = 0; d < dims; d++) dot += matrix[base + d] * vector[d];
      top.offer(label, dot);
    }
    return top.sorted();
  }

  getVector(label: number): Float32Array | null {
    const row = this.rowOf.get(label);
    if (row === undefined || this.deleted.has(label)) return null;
    return this.matrix.slice(row * this.dims, (row + 1) * this.dims);
  }

  markDeleted(label: number): void {
    if (this.rowOf.has(label)) this.deleted.add(label);
  }

  /** Exact indexes are rebuilt from the paper store's stored vectors; nothing to write. */
  async save(): Promise<void> {}

  private ensureCapacity(rows: number): void {
    if (rows * this.dims <= this.matrix.length) return;
    const grown = new Float32Array(Math.max(rows, (this.matrix.length / this.dims) * 2) * this.dims);
    grown.set(this.matrix);
    this.matrix = grown;
  }
}

export function checkDims(dims: number, vector: Float32Array): void {
  if (vector.length !== dims) {
    throw new RangeError(`vector has ${vector.length} dimensions, index expects ${dims}`);
  }
}
