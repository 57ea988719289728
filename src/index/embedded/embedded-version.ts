import { basename } from 'node:path';
import type { IndexVersion } from '../backend.js';
import type { Restriction } from '../filter.js';
import type { IndexManifest } from '../manifest.js';
import { ExactGraph } from '../exact-graph.js';
import { FacetIndex } from './facet-index.js';
import { GraphVectorIndex } from './graph-vector-index.js';
import { HnswGraph } from './hnsw-graph.js';
import { openVersionRecords } from './record-files.js';
import type { VectorGraph } from '../vector-graph.js';
import type { LabelOptions } from './text/label-options.js';
import { openTextIndex } from './text/open-text-index.js';
import { assertIntact } from './version-checksums.js';
import { readManifest, textDir, vectorsFile } from './version-files.js';

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
  await assertIntact(dir, manifest, 'load');
  const records = openVersionRecords(dir, { readonly: true });
  try {
    const facets = FacetIndex.build(records.facets());
    const graph = await loadGraph(dir, manifest);
    const scanBelow = settings.filterScanBelow;
    return {
      name: basename(dir),
      manifest,
      records,
      vectors: new GraphVectorIndex(graph, facets, scanBelow),
      text: openTextIndex(textDir(dir), { toLabelOptions: labelOptions(facets, scanBelow) }),
      meta: async (key) => records.getMeta(key),
      close: async () => records.close(),
    };
  } catch (error) {
    records.close();
    throw error;
  }
}

/** The lexical engine of embedded versions: segments of BM25 postings, block-max WAND top-k. */
export const TEXT_ENGINE = 'segments-bm25-bmw';

/**
 * The declarative filter as the text engine takes it: a selective filter's candidates are
 * scored alone, a broad one is asked of documents that could enter the top k.
 */
function labelOptions(facets: FacetIndex, scanBelow: number) {
  return (restriction: Restriction | undefined): LabelOptions => {
    const exclude = restriction?.exclude;
    const selection = facets.compile(restriction?.filter);
    if (!selection) return { exclude };
    if (selection.estimate <= scanBelow) return { candidates: selection.candidates(), exclude };
    return { accept: selection.accepts, exclude };
  };
}

/** The version's graph or exact vectors, as its manifest says it was built. */
export function loadGraph(dir: string, manifest: IndexManifest): Promise<VectorGraph> {
  const { dims } = manifest.embedder;
  const file = vectorsFile(dir, manifest.search);
  return manifest.search === 'hnsw'
    ? HnswGraph.load(file, dims, manifest.hnsw, manifest.count)
    : ExactGraph.load(file, dims);
}
