import { dot } from '../../embed/dot.js';
import type { Restriction } from '../filter.js';
import { TopK } from '../top-k.js';
import type { Neighbour, VectorIndex } from '../vector-index.js';
import type { FacetIndex, LabelSelection } from './facet-index.js';
import type { VectorGraph } from '../vector-graph.js';

/**
 * The embedded engine's VectorIndex: an in-process graph (or exact scan) with the declarative
 * filter compiled against the version's facet index. Filtered queries are planned by
 * cardinality as Qdrant does: a selective filter scans its few candidates exactly (a graph
 * search would wander far to find k of them); a broad one runs inside the graph search as
 * hnswlib's filter callback. Either way a filtered query returns k results whenever k pass.
 */
export class GraphVectorIndex implements VectorIndex {
  constructor(
    private readonly graph: VectorGraph,
    private readonly facets: FacetIndex,
    /** Filters matching at most this many papers are answered by an exact scan. */
    private readonly scanBelow: number,
  ) {}

  get dims(): number {
    return this.graph.dims;
  }

  async size(): Promise<number> {
    return this.graph.size;
  }

  async search(
    vector: Float32Array,
    k: number,
    restriction: Restriction = {},
  ): Promise<Neighbour[]> {
    return this.searchNow(vector, k, restriction);
  }

  searchNow(vector: Float32Array, k: number, restriction: Restriction): Neighbour[] {
    const exclude = restriction.exclude ?? new Set<number>();
    const freeText = restriction.freeText ?? false;
    const selection = this.facets.compile(restriction.filter);
    if (!selection) return this.unfiltered(vector, k, exclude, freeText);
    if (selection.estimate <= this.scanBelow) return this.scan(vector, k, selection, exclude);
    const accepts = (l: number) => !exclude.has(l) && selection.accepts(l);
    const found = this.graph.search(vector, k, accepts, freeText);
    if (found.length >= k) return found;
    // The graph can miss matches it never reaches; an exact scan settles how many exist.
    return this.scan(vector, k, selection, exclude);
  }

  async vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    return labels.map((label) => this.graph.getVector(label));
  }

  /** Over-fetches by the excluded count so excluding the query papers still leaves k. */
  private unfiltered(
    vector: Float32Array,
    k: number,
    exclude: ReadonlySet<number>,
    freeText: boolean,
  ): Neighbour[] {
    if (exclude.size === 0) return this.graph.search(vector, k, undefined, freeText);
    const found = this.graph.search(vector, k + exclude.size, undefined, freeText);
    return found.filter((n) => !exclude.has(n.label)).slice(0, k);
  }

  private scan(
    vector: Float32Array,
    k: number,
    selection: LabelSelection,
    exclude: ReadonlySet<number>,
  ): Neighbour[] {
    const top = new TopK(k);
    for (const label of selection.candidates()) {
      if (exclude.has(label)) continue;
      const stored = this.graph.getVector(label);
      if (stored) top.offer(label, dot(stored, vector));
    }
    return top.sorted();
  }
}
