import { basename, join } from 'node:path';
import { ExactIndex } from './exact-index.js';
import { HnswIndex } from './hnsw-index.js';
import { readManifest, STORE_FILE, VECTORS_FILE, type IndexManifest } from './manifest.js';
import { SqlitePaperStore } from './sqlite-paper-store.js';
import type { VectorGraph } from './vector-graph.js';

/** A published index version opened for reading. */
export interface OpenIndex {
  dir: string;
  /** Directory name of the version, e.g. `v000003`. */
  version: string;
  manifest: IndexManifest;
  store: SqlitePaperStore;
  vectors: VectorGraph;
  close(): void;
}

/** Opens a version directory read-only: manifest first, then the store and the vectors. */
export async function openIndex(dir: string): Promise<OpenIndex> {
  const manifest = await readManifest(dir);
  const store = SqlitePaperStore.open(join(dir, STORE_FILE), { readonly: true });
  try {
    const vectors = await loadVectors(dir, manifest, store);
    return {
      dir,
      version: basename(dir),
      manifest,
      store,
      vectors,
      close: () => store.close(),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function loadVectors(dir: string, manifest: IndexManifest, store: SqlitePaperStore): Promise<VectorGraph> {
  const { dims } = manifest.embedder;
  if (manifest.search === 'hnsw') return HnswIndex.load(join(dir, VECTORS_FILE), dims, manifest.hnsw);
  const exact = new ExactIndex(dims, manifest.count);
  for (const { label, vector } of store.vectors(dims)) exact.add(label, vector);
  return exact;
}
