import { createHash } from 'node:crypto';
import { normalizeTitleKey, type Paper } from '../../../src/corpus/paper.js';
import type { BackendFactory } from '../../../src/index/backend-registry.js';
import type {
  Backend,
  BuildOptions,
  IndexBuild,
  IndexVersion,
  VectorSpec,
} from '../../../src/index/backend.js';
import { bm25Ceiling, distinctTerms } from '../../../src/index/bm25.js';
import type { CheckpointStore } from '../../../src/index/checkpoint-store.js';
import { ExactGraph } from '../../../src/index/exact-graph.js';
import { paperMatches, type Restriction } from '../../../src/index/filter.js';
import type { IndexManifest } from '../../../src/index/manifest.js';
import type {
  PaperIdentity,
  PaperRef,
  RecordWriter,
  StoredPaper,
} from '../../../src/index/record-store.js';
import type {
  Scored,
  TextDocument,
  TextIndex,
  TextQuery,
  TextTerm,
  TextWriter,
} from '../../../src/index/text-index.js';
import type { VectorIndex, VectorWriter } from '../../../src/index/vector-index.js';
import { versionName } from '../../../src/index/version-names.js';
import { PendingText } from '../../../src/serving/pending-text.js';

/**
 * A throwaway engine that keeps every version in this process's memory, written only to show
 * that an engine is one folder and one registration: it implements the seams with nothing but
 * what src/ offers any engine (an exact scan, the BM25 of papers held in memory, the filter's
 * reference semantics), and ingest, serve and the API run over it unchanged.
 */
export const memoryBackendFactory: BackendFactory = {
  name: 'memory',
  spec: '"memory:NAME"',
  accepts: (spec) => spec.startsWith('memory:'),
  open: async (target) => memoryIndexes.get(target.backend) ?? newIndex(target.backend),
};

const memoryIndexes = new Map<string, MemoryBackend>();

function newIndex(spec: string): MemoryBackend {
  const backend = new MemoryBackend(spec);
  memoryIndexes.set(spec, backend);
  return backend;
}

const NO_BASE = { documents: 0, averageLength: 0 };

/** One version's content; a build works on a copy of its base's. */
class Contents {
  readonly papers = new Map<number, StoredPaper>();
  readonly text = new PendingText();
  readonly meta = new Map<string, Buffer>();
  vectors: ExactGraph | null = null;

  copy(): Contents {
    const copy = new Contents();
    for (const [label, paper] of this.papers) copy.papers.set(label, paper);
    for (const [key, value] of this.meta) copy.meta.set(key, value);
    for (const paper of this.papers.values()) copy.putText(paper);
    if (this.vectors) {
      copy.vectors = new ExactGraph(this.vectors.dims, this.papers.size);
      for (const label of this.papers.keys()) {
        const vector = this.vectors.getVector(label);
        if (vector) copy.vectors.add(label, vector);
      }
    }
    return copy;
  }

  putText({ label, title, abstract }: TextDocument): void {
    this.text.put(label, title, abstract);
  }

  removeText(label: number): void {
    this.text.remove(label);
  }

  find(ref: PaperRef): StoredPaper | null {
    for (const paper of this.papers.values()) {
      const found =
        'id' in ref
          ? paper.id === ref.id
          : 'doi' in ref
            ? paper.doi?.toLowerCase() === ref.doi.toLowerCase()
            : 'arxivId' in ref
              ? paper.arxivId === ref.arxivId
              : normalizeTitleKey(paper.title) === normalizeTitleKey(ref.title);
      if (found) return paper;
    }
    return null;
  }

  accepts(restriction: Restriction | undefined): (label: number) => boolean {
    return (label) => {
      const paper = this.papers.get(label);
      if (!paper || restriction?.exclude?.has(label)) return false;
      return paperMatches(paper, restriction?.filter);
    };
  }

  /** The papers held are the whole index: they are scored against no other base. */
  searchText(query: TextQuery, k: number, restriction?: Restriction): Scored[] {
    const found = this.text.score(
      query.terms,
      {
        statistics: NO_BASE,
        frequencies: distinctTerms(query.terms).map(() => 0),
        ceiling: 0,
        projectBm25: true,
      },
      this.accepts(restriction),
    );
    return found.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
  }

  statistics() {
    return this.text.combinedStatistics(NO_BASE);
  }

  ceiling(terms: readonly TextTerm[]): number {
    const distinct = distinctTerms(terms);
    const frequencies = this.text.documentFrequencies(distinct);
    return bm25Ceiling(
      this.text.size,
      distinct.map((term, i) => ({ weight: term.weight, documentFrequency: frequencies[i] })),
    );
  }

  vectorsOf(labels: readonly number[]): Array<Float32Array | null> {
    return labels.map((label) => this.vectors?.getVector(label) ?? null);
  }
}

interface Published {
  name: string;
  manifest: IndexManifest;
  contents: Contents;
}

class MemoryBackend implements Backend {
  readonly kind = 'memory';
  private readonly published_: Published[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly checkpointed = new Map<string, Float32Array>();
  private built = 0;

  constructor(readonly location: string) {}

  get publicLocation(): string {
    return this.location;
  }

  async published(): Promise<string | null> {
    return this.published_.at(-1)?.name ?? null;
  }

  async versions(): Promise<string[]> {
    return this.published_.map((v) => v.name);
  }

  async open(name?: string): Promise<IndexVersion> {
    const version = name ? this.published_.find((v) => v.name === name) : this.published_.at(-1);
    if (!version) throw new Error(`nothing published in ${this.location}`);
    return openVersion(version);
  }

  async manifest(name: string): Promise<IndexManifest> {
    const version = this.published_.find((v) => v.name === name);
    if (!version) throw new Error(`no version ${name} in ${this.location}`);
    return version.manifest;
  }

  async build(options: BuildOptions): Promise<IndexBuild> {
    const base = options.fromPublished ? (this.published_.at(-1) ?? null) : null;
    this.built += 1;
    return new MemoryBuild(versionName(this.built), base, (version, keep) => {
      this.published_.push(version);
      this.published_.splice(0, Math.max(0, this.published_.length - keep));
      for (const listener of this.listeners) listener();
    });
  }

  async rollback(): Promise<string> {
    if (this.published_.length < 2) throw new Error('no earlier version to roll back to');
    this.published_.pop();
    for (const listener of this.listeners) listener();
    return this.published_.at(-1)!.name;
  }

  async changeLog(): Promise<null> {
    return null;
  }

  async checkpoints(fingerprint: string): Promise<CheckpointStore> {
    const key = (textHash: string) => `${fingerprint}:${textHash}`;
    return {
      get: async (hashes) =>
        new Map(
          hashes.flatMap((hash) => {
            const vector = this.checkpointed.get(key(hash));
            return vector ? [[hash, vector] as const] : [];
          }),
        ),
      put: async (entries) => {
        for (const { textHash, vector } of entries) this.checkpointed.set(key(textHash), vector);
      },
      close: async () => {},
    };
  }

  watchPublished(onPublish: () => void): () => void {
    this.listeners.add(onPublish);
    return () => this.listeners.delete(onPublish);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

function openVersion({ name, manifest, contents }: Published): IndexVersion {
  const dims = contents.vectors?.dims ?? manifest.embedder.dims;
  const vectors: VectorIndex = {
    dims,
    size: async () => contents.vectors?.size ?? 0,
    search: async (vector, k, restriction) =>
      contents.vectors?.search(vector, k, contents.accepts(restriction)) ?? [],
    vectorsOf: async (labels) => contents.vectorsOf(labels),
  };
  const text: TextIndex = {
    projectBm25: true,
    search: async (query, k, restriction) => contents.searchText(query, k, restriction),
    documentFrequencies: async (terms) => contents.text.documentFrequencies(terms),
    statistics: async () => contents.statistics(),
    scoreCeiling: async (terms) => contents.ceiling(terms),
  };
  return {
    name,
    manifest,
    records: {
      count: async () => contents.papers.size,
      find: async (ref) => contents.find(ref),
      byLabels: async (labels) => labels.flatMap((l) => contents.papers.get(l) ?? []),
    },
    vectors,
    text,
    meta: async (key) => contents.meta.get(key) ?? null,
    close: async () => {},
  };
}

class MemoryBuild implements IndexBuild {
  readonly textEngine = 'memory-bm25';
  readonly records: RecordWriter;
  readonly text: TextWriter;
  private readonly contents: Contents;

  constructor(
    readonly name: string,
    private readonly baseVersion: Published | null,
    private readonly onPublish: (version: Published, keep: number) => void,
  ) {
    const contents = (this.contents = baseVersion?.contents.copy() ?? new Contents());
    this.records = {
      count: async () => contents.papers.size,
      find: async (ref) => contents.find(ref),
      byLabels: async (labels) => labels.flatMap((l) => contents.papers.get(l) ?? []),
      identities: () => identities(contents),
      put: async (entries) => {
        for (const { label, paper, contentHash, textHash } of entries) {
          contents.papers.set(label, { ...(paper as Paper), label, contentHash, textHash });
        }
      },
      remove: async (labels) => {
        for (const label of labels) contents.papers.delete(label);
      },
      documents: (pageSize) => documents(contents, pageSize),
      checksum: async () => checksum(contents),
    };
    this.text = {
      put: async (docs) => docs.forEach((doc) => contents.putText(doc)),
      remove: async (labels) => labels.forEach((label) => contents.removeText(label)),
    };
  }

  get base(): string | null {
    return this.baseVersion?.name ?? null;
  }

  async vectors(spec: VectorSpec): Promise<VectorWriter> {
    const { contents } = this;
    if (!contents.vectors || spec.fresh || contents.vectors.dims !== spec.dims) {
      contents.vectors = new ExactGraph(spec.dims, spec.capacity);
    }
    const graph = contents.vectors;
    return {
      dims: spec.dims,
      size: async () => graph.size,
      put: async (entries) => entries.forEach(({ label, vector }) => graph.add(label, vector)),
      remove: async (labels) => labels.forEach((label) => graph.markDeleted(label)),
      vectorsOf: async (labels) => contents.vectorsOf(labels),
    };
  }

  async meta(key: string): Promise<Buffer | null> {
    return this.contents.meta.get(key) ?? null;
  }

  async setMeta(key: string, value: Buffer): Promise<void> {
    this.contents.meta.set(key, value);
  }

  async publish(manifest: IndexManifest, keep: number): Promise<string> {
    this.onPublish({ name: this.name, manifest, contents: this.contents }, keep);
    return this.name;
  }

  async abandon(): Promise<void> {}
}

async function* identities(contents: Contents): AsyncIterable<PaperIdentity> {
  for (const { label, id, contentHash, textHash } of contents.papers.values()) {
    yield { label, id, contentHash, textHash };
  }
}

async function* documents(contents: Contents, pageSize: number) {
  const papers = [...contents.papers.values()].sort((a, b) => a.label - b.label);
  for (let at = 0; at < papers.length; at += pageSize) {
    yield papers
      .slice(at, at + pageSize)
      .map(({ label, title, abstract }) => ({ label, title, abstract }));
  }
}

function checksum(contents: Contents): string {
  const hash = createHash('sha256');
  const papers = [...contents.papers.values()].sort((a, b) => a.label - b.label);
  for (const paper of papers) hash.update(`${paper.id}\0${paper.contentHash}\n`);
  return hash.digest('hex');
}
