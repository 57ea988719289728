import hnswlib from 'hnswlib-node';
import { checkDims } from './exact-index.js';
import type { HnswParams } from './hnsw-params.js';
import type { LabelFilter, Neighbour, VectorGraph } from './vector-graph.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/**
 * hnswlib-node graph over inner product. Vectors are L2-normalised upstream, so
 * inner product equals cosine and score = 1 - distance.
 */
export class HnswIndex implements VectorGraph {
  private live = 0;

  private constructor(
    readonly dims: number,
    private readonly graph: Hnsw,
    private readonly params: HnswParams,
  ) {
    graph.setEf(params.efSearch);
  }

  static create(dims: number, capacity: number, params: HnswParams): HnswIndex {
    const graph = new HierarchicalNSW('ip', dims);
    graph.initIndex({
      maxElements: Math.max(16, capacity),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: params.seed,
      allowReplaceDeleted: true,
    });
    return new HnswIndex(dims, graph, params);
  }

  static async load(file: string, dims: number, params: HnswParams): Promise<HnswIndex> {
    const graph = new HierarchicalNSW('ip', dims);
    await graph.readIndex(file, true);
    const index = new HnswIndex(dims, graph, params);
    index.live = graph.getCurrentCount();
    return index;
  }

  get size(): number {
    return this.live;
  }

  add(label: number, vector: Float32Array): void {
    checkDims(this.dims, vector);
    const capacity = this.graph.getMaxElements();
    if (this.graph.getCurrentCount() >= capacity) this.graph.resizeIndex(capacity * 2);
    this.graph.addPoint(Array.from(vector), label, true);
    this.live++;
  }

  search(vector: Float32Array, k: number, filter?: LabelFilter): Neighbour[] {
    checkDims(this.dims, vector);
    const limit = Math.min(k, this.live);
    if (limit <= 0) return [];
    // hnswlib needs ef >= k to return k results.
    this.graph.setEf(Math.max(this.params.efSearch, limit));
    const { neighbors, distances } = this.graph.searchKnn(Array.from(vector), limit, filter);
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i] }));
  }

  getVector(label: number): Float32Array | null {
    try {
      return Float32Array.from(this.graph.getPoint(label));
    } catch {
      return null;
    }
  }

  markDeleted(label: number): void {
    this.graph.markDelete(label);
    this.live--;
  }

  async save(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }
}
