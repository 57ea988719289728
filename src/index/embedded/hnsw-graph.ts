import hnswlib from 'hnswlib-node';
import { searchBreadth, type HnswParams } from '../hnsw-params.js';
import type { Neighbour } from '../vector-index.js';
import { checkDims } from '../exact-graph.js';
import type { LabelFilter, VectorGraph } from '../vector-graph.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** hnswlib's level-assignment seed: the same vectors in the same order build the same graph. */
export const DEFAULT_HNSW_SEED = 100;

/**
 * hnswlib-node graph over inner product. Vectors are L2-normalised upstream, so inner product
 * equals cosine and score = 1 - distance. Deleted labels keep their slot until a new label
 * takes it over (hnswlib's replaceDeleted), so updates in place do not grow the graph.
 */
export class HnswGraph implements VectorGraph {
  /** The highest label ever added, found on first use for a loaded graph. */
  private highest: number | null;

  private constructor(
    readonly dims: number,
    private readonly graph: Hnsw,
    private readonly params: HnswParams,
    private live: number,
  ) {
    graph.setEf(params.efSearch);
    this.highest = graph.getCurrentCount() === 0 ? -1 : null;
  }

  static create(
    dims: number,
    capacity: number,
    params: HnswParams,
    seed = DEFAULT_HNSW_SEED,
  ): HnswGraph {
    const graph = new HierarchicalNSW('ip', dims);
    graph.initIndex({
      maxElements: Math.max(16, capacity),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: seed,
      allowReplaceDeleted: true,
    });
    return new HnswGraph(dims, graph, params, 0);
  }

  /** `live` is how many labels are not deleted (the loader knows it from the records). */
  static async load(
    file: string,
    dims: number,
    params: HnswParams,
    live: number,
  ): Promise<HnswGraph> {
    const graph = new HierarchicalNSW('ip', dims);
    await graph.readIndex(file, true);
    return new HnswGraph(dims, graph, params, live);
  }

  get size(): number {
    return this.live;
  }

  /** Slots held by deleted labels and not yet taken over: what an in-place update leaves. */
  get deletedSlots(): number {
    return this.graph.getCurrentCount() - this.live;
  }

  /**
   * Adds a label, or replaces the vector of a live one. A label above every label the graph
   * ever held is new without a lookup: builds and updates count fresh labels upwards, so only
   * changed papers pay for hnswlib's (throwing) lookup.
   */
  add(label: number, vector: Float32Array): void {
    checkDims(this.dims, vector);
    this.highest ??= highestLabel(this.graph);
    if (label <= this.highest && this.getVector(label) !== null) {
      this.graph.addPoint(Array.from(vector), label, false);
      return;
    }
    this.highest = Math.max(this.highest, label);
    if (this.deletedSlots === 0) {
      const capacity = this.graph.getMaxElements();
      if (this.graph.getCurrentCount() >= capacity) this.graph.resizeIndex(capacity * 2);
    }
    this.graph.addPoint(Array.from(vector), label, true);
    this.live++;
  }

  search(vector: Float32Array, k: number, filter?: LabelFilter, freeText = false): Neighbour[] {
    checkDims(this.dims, vector);
    const limit = Math.min(k, this.live);
    if (limit <= 0) return [];
    // hnswlib needs ef >= k to return k results; searchBreadth never goes below k.
    this.graph.setEf(searchBreadth(this.params.efSearch, this.live, limit, freeText));
    const { neighbors, distances } = this.graph.searchKnn(Array.from(vector), limit, filter);
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i] }));
  }

  /** The label's vector; null for a label never added or deleted. */
  getVector(label: number): Float32Array | null {
    try {
      return Float32Array.from(this.graph.getPoint(label));
    } catch {
      return null;
    }
  }

  markDeleted(label: number): void {
    if (this.getVector(label) === null) return;
    this.graph.markDelete(label);
    this.live--;
  }

  async save(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }
}

function highestLabel(graph: Hnsw): number {
  let highest = -1;
  for (const label of graph.getIdsList()) if (label > highest) highest = label;
  return highest;
}
