import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexBuild, VectorSpec } from '../backend.js';
import type { IndexManifest } from '../manifest.js';
import type { VectorWriter } from '../vector-index.js';
import { loadGraph } from './embedded-version.js';
import { ExactGraph } from '../exact-graph.js';
import { Fts5TextWriter } from './fts5-text-index.js';
import { HnswGraph } from './hnsw-graph.js';
import { pointTo, prune } from './index-root.js';
import { SqliteRecords } from './sqlite-records.js';
import type { VectorGraph } from '../vector-graph.js';
import { RECORDS_FILE, vectorsFile, writeManifest } from './version-files.js';

const BUILDING_SUFFIX = '.building';

/** The published version a build starts from. */
export interface BuildBase {
  dir: string;
  name: string;
  manifest: IndexManifest;
}

/**
 * A version being written in `vNNNNNN.building/` under the index root; servers never read it.
 * An update starts from a copy of the base's records (and its text index inside them) and a
 * loaded copy of its vectors, changes only what the input changed, and is renamed into place
 * and published when complete.
 */
export class EmbeddedBuild implements IndexBuild {
  private graph: VectorGraph | null = null;
  private finished = false;
  readonly textEngine = 'sqlite-fts5';

  private constructor(
    private readonly root: string,
    readonly name: string,
    private readonly dir: string,
    private readonly baseVersion: BuildBase | null,
    readonly records: SqliteRecords,
    readonly text: Fts5TextWriter,
    private readonly onFinish: () => Promise<void>,
  ) {}

  static async start(
    root: string,
    name: string,
    base: BuildBase | null,
    onFinish: () => Promise<void>,
  ): Promise<EmbeddedBuild> {
    const dir = join(root, `${name}${BUILDING_SUFFIX}`);
    await mkdir(dir, { recursive: true });
    if (base) await copyFile(join(base.dir, RECORDS_FILE), join(dir, RECORDS_FILE));
    const records = SqliteRecords.open(join(dir, RECORDS_FILE));
    return new EmbeddedBuild(root, name, dir, base, records, new Fts5TextWriter(records.db), onFinish);
  }

  get base(): string | null {
    return this.baseVersion?.name ?? null;
  }

  async vectors(spec: VectorSpec): Promise<VectorWriter> {
    this.graph ??= await this.startGraph(spec);
    return graphWriter(this.graph);
  }

  /**
   * The base's vectors when they were built the same way and are not worn out by deletions,
   * else an empty graph.
   */
  private async startGraph(spec: VectorSpec): Promise<VectorGraph> {
    const base = this.baseVersion;
    const same =
      base &&
      !spec.fresh &&
      base.manifest.search === spec.search &&
      base.manifest.embedder.dims === spec.dims &&
      (spec.search === 'exact' || sameGraphParams(base.manifest.hnsw, spec.hnsw));
    if (same) {
      const carried = await loadGraph(base.dir, base.manifest);
      const worn =
        carried instanceof HnswGraph &&
        carried.deletedSlots > (spec.maxDeletedShare ?? Infinity) * Math.max(1, carried.size);
      if (!worn) return carried;
    }
    return spec.search === 'hnsw'
      ? HnswGraph.create(spec.dims, spec.capacity, spec.hnsw)
      : new ExactGraph(spec.dims, spec.capacity);
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
    this.text.optimize();
    await writeManifest(this.dir, manifest);
    this.records.db.seal();
    this.records.close();
    await fsyncDir(this.dir);
    const published = join(this.root, this.name);
    await rename(this.dir, published);
    await pointTo(this.root, this.name);
    await prune(this.root, keep);
    await this.finish();
    return published;
  }

  async abandon(): Promise<void> {
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
  return a.m === b.m && a.efConstruction === b.efConstruction && a.seed === b.seed;
}

/** The seam's write side over an in-process graph. */
function graphWriter(graph: VectorGraph): VectorWriter {
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
  };
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
