import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { IndexVersion } from '../backend.js';
import type { Restriction } from '../filter.js';
import type { IndexManifest } from '../manifest.js';
import { ExactGraph } from '../exact-graph.js';
import { FacetIndex } from './facet-index.js';
import { GraphVectorIndex } from './graph-vector-index.js';
import type { GraphSettings } from './graph-start.js';
import { HnswGraph } from './hnsw-graph.js';
import { openVersionRecords } from './record-files.js';
import type { SqliteRecords } from './sqlite-records.js';
import type { VectorGraph } from '../vector-graph.js';
import type { LabelOptions } from './text/label-options.js';
import { readLiveSegments } from './text/open-text-index.js';
import type { Segment } from './text/segment.js';
import { segmentFile } from './text/segment-files.js';
import { SegmentedTextIndex } from './text/segmented-text-index.js';
import { applyGraphDelta, readVersionDelta, type VersionDelta } from './version-delta.js';
import { assertIntact } from './version-checksums.js';
import { readManifest, textDir, vectorsFile } from './version-files.js';

export interface EmbeddedReadSettings {
  /** Filters matching at most this many papers are answered by exact scans. */
  filterScanBelow: number;
}

export interface EmbeddedSettings extends EmbeddedReadSettings {
  /** Builds insert into the graph on a worker thread (default), beside their other work. */
  graphOnWorker?: boolean;
  /** hnswlib's seed and when an update rebuilds a worn graph; DEFAULT_GRAPH_SETTINGS otherwise. */
  graph?: Partial<GraphSettings>;
}

/** What an opened version holds in memory, which the next version may take over. */
interface Held {
  dir: string;
  manifest: IndexManifest;
  graph: VectorGraph;
  facets: FacetIndex;
  /** Its loaded segments by the identity of their files, which later versions link. */
  segments: ReadonlyMap<string, Segment>;
  /** Its graph was handed to a newer version and changed: it can be taken over only once. */
  handedOver: boolean;
}

const held = new WeakMap<IndexVersion, Held>();

/**
 * Opens a version directory read-only: manifest first, then records, facets and vectors. With
 * `previous` (the version served now), an update of it is opened over what it holds: its graph
 * takes the update's graph operations in place, its text segments are reused, its filters get
 * the changed records; only new segments and the records delta are read. Otherwise, or when
 * the update is not of the version held, the version is loaded whole.
 */
export async function openEmbeddedVersion(
  dir: string,
  settings: EmbeddedReadSettings,
  previous?: IndexVersion,
): Promise<IndexVersion> {
  const manifest = await readManifest(dir);
  const base = previous ? held.get(previous) : undefined;
  const delta = base ? readDeltaIfSound(dir) : null;
  if (base && delta && continues(base, dir, manifest, delta)) {
    // The new graph file is not read (the held graph takes the delta): a whole load checks it.
    await assertIntact(dir, withoutFile(manifest, vectorsFile('', manifest.search)), 'load');
    return openOver(base, dir, manifest, delta, settings);
  }
  await assertIntact(dir, manifest, 'load');
  return openWhole(dir, manifest, settings);
}

/** The version's delta; null when it has none or it does not read (the checksums then say why). */
function readDeltaIfSound(dir: string): VersionDelta | null {
  try {
    return readVersionDelta(dir);
  } catch {
    return null;
  }
}

function withoutFile(manifest: IndexManifest, file: string): IndexManifest {
  if (!manifest.files) return manifest;
  const files = Object.fromEntries(
    Object.entries(manifest.files).filter(([name]) => name !== file),
  );
  return { ...manifest, files };
}

/** Whether `dir` is an update of exactly the version `base` holds, built the same way. */
function continues(base: Held, dir: string, manifest: IndexManifest, delta: VersionDelta): boolean {
  const before = base.manifest;
  return (
    !base.handedOver &&
    delta.base === basename(base.dir) &&
    dirname(dir) === dirname(base.dir) &&
    before.search === manifest.search &&
    before.embedder.fingerprint === manifest.embedder.fingerprint &&
    before.embedder.dims === manifest.embedder.dims
  );
}

async function openWhole(
  dir: string,
  manifest: IndexManifest,
  settings: EmbeddedReadSettings,
): Promise<IndexVersion> {
  const records = openVersionRecords(dir, { readonly: true });
  try {
    const facets = FacetIndex.build(records.facets());
    const graph = await loadGraph(dir, manifest);
    const segments = readLiveSegments(textDir(dir));
    return assemble({ dir, manifest, graph, facets, segments, records }, settings);
  } catch (error) {
    records.close();
    throw error;
  }
}

async function openOver(
  base: Held,
  dir: string,
  manifest: IndexManifest,
  delta: VersionDelta,
  settings: EmbeddedReadSettings,
): Promise<IndexVersion> {
  const records = openVersionRecords(dir, { readonly: true });
  try {
    const facets = base.facets.withChanges(delta.records, await records.facetsOf(delta.records));
    const segments = readLiveSegments(textDir(dir), sharedSegments(base, dir));
    // Last, as it cannot be undone: from here the base's graph is this version's.
    base.handedOver = true;
    await applyGraphDelta(base.graph, delta);
    const tookOver = basename(base.dir);
    return assemble(
      { dir, manifest, graph: base.graph, facets, segments, records, tookOver },
      settings,
    );
  } catch (error) {
    records.close();
    throw error;
  }
}

/** The base's loaded segments this version shares (the same files, hard-linked), by name. */
function sharedSegments(base: Held, dir: string): (name: string) => Segment | undefined {
  return (name) => base.segments.get(segmentIdentity(textDir(dir), name));
}

/** A segment file's identity: a hard link has its original's, so the name alone is not it. */
function segmentIdentity(dir: string, name: string): string {
  const { dev, ino } = statSync(segmentFile(dir, name, 'doc'));
  return `${dev}:${ino}`;
}

function assemble(
  parts: Omit<Held, 'handedOver' | 'segments'> & {
    segments: ReturnType<typeof readLiveSegments>;
    records: SqliteRecords;
    tookOver?: string;
  },
  settings: EmbeddedReadSettings,
): IndexVersion {
  const { dir, manifest, graph, facets, segments, records, tookOver } = parts;
  const scanBelow = settings.filterScanBelow;
  const version: IndexVersion = {
    name: basename(dir),
    manifest,
    records,
    vectors: new GraphVectorIndex(graph, facets, scanBelow),
    text: new SegmentedTextIndex(segments, { toLabelOptions: labelOptions(facets, scanBelow) }),
    tookOver,
    meta: async (key) => records.getMeta(key),
    close: async () => records.close(),
  };
  held.set(version, {
    dir,
    manifest,
    graph,
    facets,
    segments: new Map(
      segments.map(({ segment }) => [segmentIdentity(textDir(dir), segment.name), segment]),
    ),
    handedOver: false,
  });
  return version;
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
