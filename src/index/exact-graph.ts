import { readFile, writeFile } from 'node:fs/promises';
import { TopK } from './top-k.js';
import type { Neighbour } from './vector-index.js';
import type { LabelFilter, VectorGraph } from './vector-graph.js';

/**
 * Exhaustive inner-product search over a contiguous Float32 matrix. Exact, and for a few
 * thousand vectors as fast as a graph search, so small indexes use it. It is saved as one flat
 * file: a header, the labels, then the rows.
 */
export class ExactGraph implements VectorGraph {
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

  /** Writes the live rows: `PSEX`, dims, count, labels (int32), rows (float32), little-endian. */
  async save(file: string): Promise<void> {
    const live = this.labels.filter((label) => !this.deleted.has(label));
    const header = Buffer.alloc(12);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(this.dims, 4);
    header.writeUInt32LE(live.length, 8);
    const rows = new Float32Array(live.length * this.dims);
    live.forEach((label, i) => rows.set(this.getVector(label) as Float32Array, i * this.dims));
    const labels = Int32Array.from(live);
    await writeFile(file, Buffer.concat([header, bytes(labels), bytes(rows)]));
  }

  static async load(file: string, dims: number): Promise<ExactGraph> {
    const buf = await readFile(file);
    if (buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== dims) {
      throw new Error(`${file} is not an exact vector file of ${dims} dimensions`);
    }
    const count = buf.readUInt32LE(8);
    if (buf.length !== 12 + count * 4 * (1 + dims)) throw new Error(`${file} is truncated`);
    const aligned = new Uint8Array(buf.length - 12);
    aligned.set(buf.subarray(12));
    const labels = new Int32Array(aligned.buffer, 0, count);
    const rows = new Float32Array(aligned.buffer, count * 4, count * dims);
    const graph = new ExactGraph(dims, count);
    labels.forEach((label, i) => graph.add(label, rows.subarray(i * dims, (i + 1) * dims)));
    return graph;
  }

  private ensureCapacity(rows: number): void {
    if (rows * this.dims <= this.matrix.length) return;
    const grown = new Float32Array(
      Math.max(rows, (this.matrix.length / this.dims) * 2) * this.dims,
    );
    grown.set(this.matrix);
    this.matrix = grown;
  }
}

const MAGIC = 'PSEX';

function bytes(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function checkDims(dims: number, vector: Float32Array): Float32Array {
  if (vector.length !== dims) {
    throw new RangeError(`vector has ${vector.length} dimensions, index expects ${dims}`);
  }
  return vector;
}
