import type { VectorSpec } from '../backend.js';
import { ExactGraph } from '../exact-graph.js';
import type { IndexManifest } from '../manifest.js';
import type { VectorGraph } from '../vector-graph.js';
import { loadGraph } from './embedded-version.js';
import { DEFAULT_HNSW_SEED, HnswGraph } from './hnsw-graph.js';

/** The embedded engine's own graph knobs, which hnswlib has and the seam does not. */
export interface GraphSettings {
  /** hnswlib's level-assignment seed for new graphs. */
  seed: number;
  /** Rebuild rather than carry a base graph whose deleted slots pass this share of its vectors. */
  maxDeletedShare: number;
}

export const DEFAULT_GRAPH_SETTINGS: GraphSettings = {
  seed: DEFAULT_HNSW_SEED,
  maxDeletedShare: 0.25,
};

/** A base version whose graph a build may carry forward. */
export interface GraphBase {
  dir: string;
  manifest: IndexManifest;
}

/**
 * A build's graph: the base's, loaded, when the build carries it and deletions have not worn it
 * past the settings' bound; otherwise an empty one for the spec.
 */
export async function startGraph(
  spec: VectorSpec,
  base: GraphBase | null,
  settings: GraphSettings,
): Promise<VectorGraph> {
  if (base) {
    const carried = await loadGraph(base.dir, base.manifest);
    const worn =
      carried instanceof HnswGraph &&
      carried.deletedSlots > settings.maxDeletedShare * Math.max(1, carried.size);
    if (!worn) return carried;
  }
  return spec.search === 'hnsw'
    ? HnswGraph.create(spec.dims, spec.capacity, spec.hnsw, settings.seed)
    : new ExactGraph(spec.dims, spec.capacity);
}

/** The write side of a build's graph, wherever it lives; saved once the build publishes. */
export interface GraphWriter {
  readonly dims: number;
  size(): Promise<number>;
  put(entries: ReadonlyArray<{ label: number; vector: Float32Array }>): Promise<void>;
  remove(labels: readonly number[]): Promise<void>;
  vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>>;
  save(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The graph on the calling thread: for a machine with one core, where a worker buys nothing. */
export async function inlineGraphWriter(
  spec: VectorSpec,
  base: GraphBase | null,
  settings: GraphSettings,
): Promise<GraphWriter> {
  const graph = await startGraph(spec, base, settings);
  return {
    dims: graph.dims,
    size: async () => graph.size,
    put: async (entries) => {
      for (const { label, vector } of entries) graph.add(label, vector);
    },
    remove: async (labels) => {
      for (const label of labels) graph.markDeleted(label);
    },
    vectorsOf: async (labels) => labels.map((label) => graph.getVector(label)),
    save: (file) => graph.save(file),
    close: async () => {},
  };
}
