import { basename, join } from 'node:path';
import type { IndexVersion } from '../backend.js';
import type { IndexManifest } from '../manifest.js';
import { ExactGraph } from '../exact-graph.js';
import { FacetIndex } from './facet-index.js';
import { Fts5TextIndex } from './fts5-text-index.js';
import { GraphVectorIndex } from './graph-vector-index.js';
import { HnswGraph } from './hnsw-graph.js';
import { SqliteRecords } from './sqlite-records.js';
import type { VectorGraph } from '../vector-graph.js';
import { readManifest, RECORDS_FILE, vectorsFile } from './version-files.js';

export interface EmbeddedReadSettings {
  /** Filters matching at most this many papers are answered by exact scans. */
  filterScanBelow: number;
}

export interface EmbeddedSettings extends EmbeddedReadSettings {
  /** Builds insert into the graph on a worker thread (default), beside their other work. */
  graphOnWorker?: boolean;
}

/** Opens a version directory read-only: manifest first, then records, facets and vectors. */
export async function openEmbeddedVersion(
  dir: string,
  settings: EmbeddedReadSettings,
): Promise<IndexVersion> {
  const manifest = await readManifest(dir);
  const records = SqliteRecords.open(join(dir, RECORDS_FILE), { readonly: true });
  try {
    const facets = FacetIndex.build(records.facets());
    const graph = await loadGraph(dir, manifest);
    const scanBelow = settings.filterScanBelow;
    return {
      name: basename(dir),
      manifest,
      records,
      vectors: new GraphVectorIndex(graph, facets, scanBelow),
      text: new Fts5TextIndex(records.db, facets, scanBelow),
      meta: async (key) => records.getMeta(key),
      close: async () => records.close(),
    };
  } catch (error) {
    records.close();
    throw error;
  }
}

/** The version's graph or exact vectors, as its manifest says it was built. */
export function loadGraph(dir: string, manifest: IndexManifest): Promise<VectorGraph> {
  const { dims } = manifest.embedder;
  const file = vectorsFile(dir, manifest.search);
  return manifest.search === 'hnsw'
    ? HnswGraph.load(file, dims, manifest.hnsw, manifest.count)
    : ExactGraph.load(file, dims);
}
