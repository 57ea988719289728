import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexBuild, VectorSpec } from '../backend.js';
import type { IndexManifest } from '../manifest.js';
import type { VectorWriter } from '../vector-index.js';
import { TEXT_ENGINE } from './embedded-version.js';
import { TextIndexWriter } from './text/text-index-writer.js';
import { createBuildDir, fsyncDir, pointTo, prune } from './index-root.js';
import type { SqliteRecords } from './sqlite-records.js';
import { sealRecords, startRecords } from './record-files.js';
import { textDir, vectorsFile, writeManifest } from './version-files.js';
import {
  inlineGraphWriter,
  type GraphBase,
  type GraphSettings,
  type GraphWriter,
} from './graph-start.js';
import { WorkerGraphWriter } from './worker-graph-writer.js';
import { JournaledGraphWriter, writeVersionDelta } from './version-delta.js';
import { recordChecksums, type FileSums } from './version-checksums.js';

/** The published version a build starts from. */
export interface BuildBase {
  dir: string;
  name: string;
  manifest: IndexManifest;
}

/**
 * A version being written in `vNNNNNN.building/` under the index root; servers never read it.
 * An update shares the base's records file and text segments (hard links, never written) and
 * writes what changed beside them (a records delta, a text segment), starts from a loaded copy
 * of the base's vectors, and is renamed into place and published when complete.
 */
export class EmbeddedBuild implements IndexBuild {
  private graph: JournaledGraphWriter | null = null;
  private finished = false;
  readonly textEngine = TEXT_ENGINE;

  private constructor(
    private readonly root: string,
    readonly name: string,
    private readonly dir: string,
    private readonly baseVersion: BuildBase | null,
    readonly records: SqliteRecords,
    readonly text: TextIndexWriter,
    /** Build the graph on a worker thread, beside the caller's work (else on the caller's). */
    private readonly graphOnWorker: boolean,
    private readonly graphSettings: GraphSettings,
    private readonly onFinish: () => Promise<void>,
  ) {}

  static async start(
    root: string,
    name: string,
    base: BuildBase | null,
    options: {
      graphOnWorker: boolean;
      graphSettings: GraphSettings;
      onFinish: () => Promise<void>;
    },
  ): Promise<EmbeddedBuild> {
    const dir = await createBuildDir(root, name);
    const records = startRecords(dir, base?.dir ?? null);
    // An update links the base's text segments and adds one for what changed.
    const text = new TextIndexWriter(textDir(dir), { base: base ? textDir(base.dir) : undefined });
    return new EmbeddedBuild(
      root,
      name,
      dir,
      base,
      records,
      text,
      options.graphOnWorker,
      options.graphSettings,
      options.onFinish,
    );
  }

  get base(): string | null {
    return this.baseVersion?.name ?? null;
  }

  async vectors(spec: VectorSpec): Promise<VectorWriter> {
    if (this.graph) return this.graph;
    const base = this.carriableBase(spec);
    const writer: GraphWriter = this.graphOnWorker
      ? await WorkerGraphWriter.start(spec, base, this.graphSettings)
      : await inlineGraphWriter(spec, base, this.graphSettings);
    // A worn base graph is rebuilt: the build then starts empty and records no graph delta.
    this.graph = new JournaledGraphWriter(writer, base !== null && (await writer.size()) > 0);
    return this.graph;
  }

  /** The base's graph when it was built the same way (the worker still rebuilds a worn one). */
  private carriableBase(spec: VectorSpec): GraphBase | null {
    const base = this.baseVersion;
    const same =
      base &&
      !spec.fresh &&
      base.manifest.search === spec.search &&
      base.manifest.embedder.dims === spec.dims &&
      (spec.search === 'exact' || sameGraphParams(base.manifest.hnsw, spec.hnsw));
    return same ? { dir: base.dir, manifest: base.manifest } : null;
  }

  async meta(key: string): Promise<Buffer | null> {
    return this.records.getMeta(key);
  }

  async setMeta(key: string, value: Buffer): Promise<void> {
    this.records.setMeta(key, value);
  }

  async publish(manifest: IndexManifest, keep: number): Promise<string> {
    if (!this.graph) throw new Error('a build needs its vectors before it is published');
    await this.graph.save(vectorsFile(this.dir, manifest.search));
    await this.graph.close();
    await this.text.commit();
    this.writeDelta(manifest);
    sealRecords(this.dir, this.records);
    await writeManifest(this.dir, { ...manifest, files: await this.checksums() });
    await fsyncDir(this.dir);
    const published = join(this.root, this.name);
    await rename(this.dir, published);
    await pointTo(this.root, this.name);
    await prune(this.root, keep);
    await this.finish();
    return published;
  }

  /** What a server holding the base needs to switch in place (only when the graph was carried). */
  private writeDelta(manifest: IndexManifest): void {
    const journal = this.graph?.journal();
    if (!this.baseVersion || !journal) return;
    const records = [...this.records.touched].sort((a, b) => a - b);
    writeVersionDelta(this.dir, {
      base: this.baseVersion.name,
      dims: manifest.embedder.dims,
      records,
      ...journal,
    });
  }

  /** Every file's checksum; the base's files this version links are not read again. */
  private async checksums(): Promise<FileSums> {
    const base = this.baseVersion;
    const recorded = await recordChecksums(
      this.dir,
      base && { dir: base.dir, files: base.manifest.files },
    );
    return recorded.files;
  }

  async abandon(): Promise<void> {
    await this.graph?.close();
    this.records.close();
    await rm(this.dir, { recursive: true, force: true });
    await this.finish();
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.onFinish();
  }
}

function sameGraphParams(a: VectorSpec['hnsw'], b: VectorSpec['hnsw']): boolean {
  return a.m === b.m && a.efConstruction === b.efConstruction;
}
