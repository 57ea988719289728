import type { ChangeLog } from './change-log.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { HnswParams } from './hnsw-params.js';
import type { IndexManifest } from './manifest.js';
import type { RecordStore, RecordWriter } from './record-store.js';
import type { TextIndex, TextWriter } from './text-index.js';
import type { VectorIndex, VectorWriter } from './vector-index.js';

/**
 * The storage seam. A backend keeps numbered index versions of one index and publishes one of
 * them atomically; ingest writes through `build`, servers read through `open`. Adding an engine
 * is one new folder implementing these interfaces and one line registering it (backends.ts).
 */
export interface Backend {
  /** The engine's name as registered (see backends.ts): `embedded`, `postgres`, … */
  readonly kind: string;
  /** Where the index lives, safe to log: a path, or a URL without its password. */
  readonly location: string;
  /**
   * Where the index lives, safe to show API clients: the index directory's name (no server
   * path), or the database URL without its password and the index name.
   */
  readonly publicLocation: string;
  /** The published version's name (`v000007`), null when nothing is published. */
  published(): Promise<string | null>;
  /** Published versions kept for rollback, oldest first. */
  versions(): Promise<string[]>;
  /**
   * Opens a published version (default: the current one) for reading. `reuse` is the version
   * this process serves now: a backend may take over what it holds (an in-memory graph, loaded
   * segments) when the new version is an update of it; the old one must then be retired.
   */
  open(name?: string, options?: OpenOptions): Promise<IndexVersion>;
  /** A published version's manifest alone, without opening its vectors, text or records. */
  manifest(name: string): Promise<IndexManifest>;
  /** Starts a new version; nothing of it is visible until it is published. */
  build(options: BuildOptions): Promise<IndexBuild>;
  /** Points the index at the published version before the current one; returns its name. */
  rollback(): Promise<string>;
  /** The log of API writes; null where this backend cannot keep one (a read-only location). */
  changeLog(): Promise<ChangeLog | null>;
  /** Embeddings computed by earlier builds with this embedder. */
  checkpoints(fingerprint: string, dims: number): Promise<CheckpointStore>;
  /**
   * Calls `onPublish` when a version is published or rolled back by any process (for hot
   * reload), at most once per `debounceMs`; returns the function that stops watching.
   */
  watchPublished(onPublish: () => void, debounceMs: number): () => void;
  close(): Promise<void>;
}

export interface OpenOptions {
  reuse?: IndexVersion;
}

/** `open` found no published version: nothing was ingested into the index yet. */
export class NothingPublishedError extends Error {
  override name = 'NothingPublishedError';
}

/** One published version, opened for reading. */
export interface IndexVersion {
  readonly name: string;
  readonly manifest: IndexManifest;
  readonly records: RecordStore;
  readonly vectors: VectorIndex;
  readonly text: TextIndex;
  /** The version whose in-memory state this one took over when opened (see `open`). */
  readonly tookOver?: string;
  /** State stored with the version (a fitted lexical embedder), by key. */
  meta(key: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Start from the published version and change it (an update), rather than from nothing. */
  fromPublished: boolean;
}

/** How a build's vectors are searched. */
export interface VectorSpec {
  dims: number;
  /** An exact scan for small indexes, an HNSW graph otherwise. */
  search: 'exact' | 'hnsw';
  hnsw: HnswParams;
  /** Vectors the build expects to hold (a sizing hint). */
  capacity: number;
  /** Start with no vectors even when the base's were built the same way (a rebuild). */
  fresh?: boolean;
}

/** A version being written. */
export interface IndexBuild {
  readonly name: string;
  /** The published version it started from, or null for a build from nothing. */
  readonly base: string | null;
  readonly records: RecordWriter;
  readonly text: TextWriter;
  /** The lexical engine the build's text index uses (recorded in the manifest). */
  readonly textEngine: string;
  /**
   * The vector writer, once the embedder's dimension is known. An update keeps the base's
   * vectors when the spec matches the base's; otherwise the build starts with none.
   */
  vectors(spec: VectorSpec): Promise<VectorWriter>;
  meta(key: string): Promise<Buffer | null>;
  setMeta(key: string, value: Buffer): Promise<void>;
  /** Seals the build, writes its manifest and makes it the published version. */
  publish(manifest: IndexManifest, keep: number): Promise<string>;
  /** Drops everything the build wrote; the version number is not used up. */
  abandon(): Promise<void>;
}
