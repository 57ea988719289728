import type pg from 'pg';
import type { Logger } from 'pino';
import type { Paper } from '../../corpus/paper.js';
import type { IndexBuild, VectorSpec } from '../backend.js';
import type { IndexManifest } from '../manifest.js';
import type { PaperIdentity, PaperRef, RecordWriter, StoredPaper } from '../record-store.js';
import type { TextDocument, TextWriter } from '../text-index.js';
import type { VectorWriter } from '../vector-index.js';
import type { Database, Queryable } from './connection.js';
import {
  createGeneration,
  dropGenerations,
  publishVersion,
  readGeneration,
  sealVersion,
  undoVersion,
  type SealSettings,
  type VersionRow,
} from './lifecycle.js';
import { readMeta, writeMeta } from './meta.js';
import { versionName, type IndexNames } from './names.js';
import { PostgresRecords } from './records.js';
import { RowVersions } from './row-versions.js';
import {
  recordInput,
  RECORD_PART,
  TEXT_PART,
  textInput,
  VECTOR_PART,
  vectorInput,
  type Part,
} from './rows.js';
import { VectorReader } from './vector-search.js';

/** Rows per statement when a writer is handed a large batch. */
const WRITE_CHUNK = 1000;

export interface BuildContext {
  db: Database;
  names: IndexNames;
  /** The session holding the index's build lock; released when the build ends. */
  lock: pg.Client;
  seal: SealSettings;
  log?: Logger;
}

/** The lexical engine a version's text index runs on, as its manifest records it. */
export function textEngineName(engine: SealSettings['textEngine']): string {
  const names = {
    postings: 'postgres-postings-bm25',
    bm25: 'postgres-pg_textsearch-bm25',
    fts: 'postgres-fts-ts_rank',
  };
  return names[engine];
}

/**
 * A version being written. Its rows are invisible to every published version (they start at
 * its own number); publish flips the pointer, abandon undoes them. Each writer call is one
 * transaction, so a batch lands whole or not at all.
 */
export class PostgresIndexBuild implements IndexBuild {
  readonly name: string;
  readonly base: string | null;
  readonly records: RecordWriter;
  readonly text: TextWriter;
  readonly textEngine: string;
  private vectorWriter: BuildVectors | null = null;
  private finished = false;
  private lockLost: Error | null = null;

  constructor(
    private readonly context: BuildContext,
    private row: VersionRow,
  ) {
    this.name = versionName(row.version);
    this.base = row.base === null ? null : versionName(row.base);
    this.records = new BuildRecords(this);
    this.text = new BuildText(this);
    this.textEngine = textEngineName(context.seal.textEngine);
    context.lock.on('error', (error) => (this.lockLost = error));
    context.lock.on('end', () => (this.lockLost ??= new Error('connection closed')));
  }

  get db(): Database {
    return this.context.db;
  }

  get version(): number {
    return this.row.version;
  }

  get table(): string {
    return this.context.names.rows(this.row.generation);
  }

  /** Runs one write in a transaction, refusing once the build is over or its lock is gone. */
  async write(apply: (rows: RowVersions, tx: Queryable) => Promise<void>): Promise<void> {
    this.checkActive();
    const rows = new RowVersions(this.table, this.version);
    await this.db.transaction((tx) => apply(rows, tx));
  }

  checkActive(): void {
    if (this.finished)
      throw new Error(
        `build ${this.name} of index ${this.context.names.index} is already finished`,
      );
    if (this.lockLost) {
      throw new Error(
        `build ${this.name} lost its lock connection (${this.lockLost.message}); abandon it and start again`,
      );
    }
  }

  async vectors(spec: VectorSpec): Promise<VectorWriter> {
    this.checkActive();
    if (this.vectorWriter) {
      if (this.vectorWriter.dims !== spec.dims) {
        throw new Error(
          `build ${this.name} already holds ${this.vectorWriter.dims}-dimensional vectors, not ${spec.dims}`,
        );
      }
      return this.vectorWriter;
    }
    await this.fitGeneration(spec);
    this.row = { ...this.row, spec };
    await this.db.query(
      `UPDATE ${this.context.names.table('versions')} SET spec = $2::jsonb WHERE version = $1`,
      [this.version, JSON.stringify(spec)],
    );
    this.vectorWriter = new BuildVectors(this, spec.dims);
    return this.vectorWriter;
  }

  /**
   * Keeps the generation when its vectors and graph settings fit the spec; otherwise moves the
   * build's rows to a new generation (keeping vectors when only the graph settings changed).
   * A fresh spec (a rebuild, or an embedder whose vectors differ) always starts without them.
   * Deleted rows are reclaimed by VACUUM, so the spec's deleted-share bound does not apply.
   */
  private async fitGeneration(spec: VectorSpec): Promise<void> {
    const { names } = this.context;
    const generation = await readGeneration(this.db, names, this.row.generation);
    const wanted = { dims: spec.dims, m: spec.hnsw.m, efConstruction: spec.hnsw.efConstruction };
    if (generation.dims === null) {
      await this.db.query(
        `UPDATE ${names.table('generations')} SET dims = $2, m = $3, ef_construction = $4 WHERE generation = $1`,
        [generation.generation, wanted.dims, wanted.m, wanted.efConstruction],
      );
      return;
    }
    const sameGraph =
      generation.dims === wanted.dims &&
      generation.m === wanted.m &&
      generation.ef_construction === wanted.efConstruction;
    if (sameGraph && !spec.fresh) return;
    const keepVectors = generation.dims === wanted.dims && !spec.fresh;
    const from = new RowVersions(this.table, this.version);
    const moved = await this.db.transaction(async (tx) => {
      const created = await createGeneration(tx, names, wanted);
      await new RowVersions(names.rows(created), this.version).copyFrom(tx, from, keepVectors);
      await from.undo(tx);
      await tx.query(`UPDATE ${names.table('versions')} SET generation = $2 WHERE version = $1`, [
        this.version,
        created,
      ]);
      return created;
    });
    this.row = { ...this.row, generation: moved };
  }

  async meta(key: string): Promise<Buffer | null> {
    return readMeta(this.db, this.context.names, this.version, key);
  }

  async setMeta(key: string, value: Buffer): Promise<void> {
    this.checkActive();
    await writeMeta(this.db, this.context.names, this.version, key, value);
  }

  async publish(manifest: IndexManifest, keep: number): Promise<string> {
    this.checkActive();
    const { names, seal, log } = this.context;
    await sealVersion(this.db, names, this.row, seal);
    const unused = await this.db.transaction((tx) =>
      publishVersion(tx, names, this.version, manifest, keep),
    );
    this.finished = true;
    await dropGenerations(this.db, names, unused, log);
    await this.releaseLock();
    return this.name;
  }

  async abandon(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.db.transaction((tx) => undoVersion(tx, this.context.names, this.row));
    await this.releaseLock();
  }

  private async releaseLock(): Promise<void> {
    await releaseBuildLock(this.context.lock, this.context.names);
  }
}

/** Unlocks explicitly (a pooler may keep the server session) and closes the lock's connection. */
export async function releaseBuildLock(lock: pg.Client, names: IndexNames): Promise<void> {
  await lock
    .query('SELECT pg_advisory_unlock(hashtext($1))', [names.lockKey])
    .catch(() => undefined);
  await lock.end().catch(() => undefined);
}

/** Splits a batch into statements of WRITE_CHUNK rows, all in the caller's transaction. */
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += WRITE_CHUNK) out.push(items.slice(i, i + WRITE_CHUNK));
  return out;
}

async function putPart(
  build: PostgresIndexBuild,
  part: Part,
  inputs: ReadonlyArray<Record<string, unknown> & { label: number }>,
): Promise<void> {
  await build.write(async (rows, tx) => {
    for (const chunk of chunks(inputs)) await rows.put(tx, part, chunk);
  });
}

async function clearPart(
  build: PostgresIndexBuild,
  part: Part,
  labels: readonly number[],
): Promise<void> {
  await build.write(async (rows, tx) => {
    for (const chunk of chunks(labels)) await rows.clear(tx, part, chunk);
  });
}

class BuildRecords implements RecordWriter {
  constructor(private readonly build: PostgresIndexBuild) {}

  /** The build's own view: its rows and the base's rows it has not replaced. */
  private get view(): PostgresRecords {
    return new PostgresRecords(this.build.db, this.build.table, this.build.version);
  }

  count(): Promise<number> {
    return this.view.count();
  }

  find(ref: PaperRef): Promise<StoredPaper | null> {
    return this.view.find(ref);
  }

  byLabels(labels: readonly number[]): Promise<StoredPaper[]> {
    return this.view.byLabels(labels);
  }

  identities(): AsyncIterable<PaperIdentity> {
    return this.view.identities();
  }

  documents(
    pageSize: number,
  ): AsyncIterable<Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>> {
    return this.view.documents(pageSize);
  }

  checksum(): Promise<string> {
    return this.view.checksum();
  }

  put(
    entries: ReadonlyArray<{ label: number; paper: Paper; contentHash: string; textHash: string }>,
  ): Promise<void> {
    const inputs = entries.map((e) => ({
      ...recordInput(e.label, e.paper, e.contentHash, e.textHash),
      label: e.label,
    }));
    return putPart(this.build, RECORD_PART, inputs);
  }

  remove(labels: readonly number[]): Promise<void> {
    return clearPart(this.build, RECORD_PART, labels);
  }
}

class BuildText implements TextWriter {
  constructor(private readonly build: PostgresIndexBuild) {}

  put(docs: readonly TextDocument[]): Promise<void> {
    return putPart(
      this.build,
      TEXT_PART,
      docs.map((d) => ({ ...textInput(d), label: d.label })),
    );
  }

  remove(labels: readonly number[]): Promise<void> {
    return clearPart(this.build, TEXT_PART, labels);
  }
}

class BuildVectors implements VectorWriter {
  constructor(
    private readonly build: PostgresIndexBuild,
    readonly dims: number,
  ) {}

  put(entries: ReadonlyArray<{ label: number; vector: Float32Array }>): Promise<void> {
    const inputs = entries.map((e) => ({
      ...vectorInput(e.label, e.vector, this.dims),
      label: e.label,
    }));
    return putPart(this.build, VECTOR_PART, inputs);
  }

  remove(labels: readonly number[]): Promise<void> {
    return clearPart(this.build, VECTOR_PART, labels);
  }

  vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    return this.reader().vectorsOf(labels);
  }

  size(): Promise<number> {
    return this.reader().count();
  }

  private reader(): VectorReader {
    return new VectorReader(this.build.db, this.build.table, this.build.version);
  }
}
