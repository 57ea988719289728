import { TopK } from '../index/top-k.js';
import type { Neighbour, VectorGraph } from '../index/vector-graph.js';
import type { LabelSelection } from './filters.js';

export interface NearestQuery {
  vector: Float32Array;
  k: number;
  selection: LabelSelection | null;
  /** Labels never returned (the papers a query was made from). */
  exclude: ReadonlySet<number>;
}

/**
 * k nearest neighbours under a filter, planned by cardinality as Qdrant does: a selective
 * filter scans its few candidates exactly (a graph search would wander far to find k of
 * them); a broad one runs inside the graph search as hnswlib's filter callback. Either
 * way a filtered query returns k results whenever k papers pass.
 */
export function nearest(index: VectorGraph, query: NearestQuery, scanBelow: number): Neighbour[] {
  const { vector, k, selection, exclude } = query;
  if (!selection) return unfiltered(index, vector, k, exclude);
  if (selection.estimate <= scanBelow)
    return scan(index, vector, k, selection.candidates(), exclude);
  const found = index.search(vector, k, (label) => !exclude.has(label) && selection.accepts(label));
  if (found.length >= k) return found;
  // The graph can miss matches it never reaches; an exact scan settles how many exist.
  return scan(index, vector, k, selection.candidates(), exclude);
}

/** Over-fetches by the excluded count so excluding the query papers still leaves k. */
function unfiltered(
  index: VectorGraph,
  vector: Float32Array,
  k: number,
  exclude: ReadonlySet<number>,
): Neighbour[] {
  const found = index.search(vector, k + exclude.size);
  return found.filter((n) => !exclude.has(n.label)).slice(0, k);
}

function scan(
  index: VectorGraph,
  vector: Float32Array,
  k: number,
  labels: number[],
  exclude: ReadonlySet<number>,
): Neighbour[] {
  const top = new TopK(k);
  for (const label of labels) {
    if (exclude.has(label)) continue;
    const stored = index.getVector(label);
    if (stored) top.offer(label, dot(stored, vector));
  }
  return top.sorted();
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
