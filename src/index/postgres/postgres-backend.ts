import type pg from 'pg';
import type { Logger } from 'pino';
import {
  NothingPublishedError,
  type Backend,
  type BuildOptions,
  type IndexBuild,
  type IndexVersion,
} from '../backend.js';
import type { ChangeLog } from '../change-log.js';
import type { CheckpointStore } from '../checkpoint-store.js';
import { dropIndex, storageSizes, type StorageSizes } from './admin.js';
import { PostgresChangeLog } from './change-log.js';
import { PostgresCheckpointStore } from './checkpoints.js';
import { Database, type ConnectionOptions } from './connection.js';
import { PostgresUnavailableError } from './errors.js';
import { PostgresIndexBuild, releaseBuildLock } from './index-build.js';
import { PostgresIndexVersion } from './index-version.js';
import {
  publishedVersions,
  readVersion,
  rollbackIndex,
  startVersion,
  undoStaleBuilds,
} from './lifecycle.js';
import { INDEXES_TABLE, IndexNames, versionName, versionNumber } from './names.js';
import {
  checkPgvector,
  ensureIndexSchema,
  readIndexInfo,
  type TextEnginePreference,
} from './schema.js';
import type { IndexManifest } from '../manifest.js';

export interface PostgresBackendOptions extends ConnectionOptions {
  /** Which index in the database (`--index NAME`): letters, digits, underscores. */
  index: string;
  /** Text engine chosen when the index is created; 'auto' takes BM25 where pg_textsearch works. */
  textSearch?: TextEnginePreference;
  /** Tuples a filtered graph scan may visit before the exact fallback answers (hnsw.max_scan_tuples). */
  maxScanTuples?: number;
  /** Memory for building a version's indexes (maintenance_work_mem), as Postgres writes it. */
  maintenanceWorkMem?: string;
  /** Search breadth (hnsw.ef_search) instead of the version's own: a query-time setting. */
  efSearch?: number;
}

export const POSTGRES_DEFAULTS = {
  textSearch: 'auto' as TextEnginePreference,
  maxScanTuples: 20_000,
  maintenanceWorkMem: '512MB',
};

/** How often a server asks whether a new version was published, at most. */
const MIN_POLL_MS = 1000;

/**
 * Index versions in PostgreSQL with pgvector. Readers run plain queries; a build writes rows
 * that no published version sees and publishes by updating the index's pointer row in one
 * transaction. A server notices a new version by polling `published()`, one primary-key read:
 *   SELECT current_version FROM paper_search.indexes WHERE name = $1
 */
export class PostgresBackend implements Backend {
  readonly kind = 'postgres' as const;
  readonly names: IndexNames;
  private readonly textSearch: TextEnginePreference;
  private readonly maxScanTuples: number;
  private readonly maintenanceWorkMem: string;
  private readonly efSearch: number | undefined;
  private readonly log: Logger | undefined;
  /** Lock connections of builds still running, closed with the backend. */
  private readonly buildLocks = new Set<pg.Client>();

  private constructor(
    private readonly db: Database,
    options: PostgresBackendOptions,
  ) {
    this.names = new IndexNames(options.index);
    this.textSearch = options.textSearch ?? POSTGRES_DEFAULTS.textSearch;
    this.maxScanTuples = options.maxScanTuples ?? POSTGRES_DEFAULTS.maxScanTuples;
    this.maintenanceWorkMem = options.maintenanceWorkMem ?? POSTGRES_DEFAULTS.maintenanceWorkMem;
    this.log = options.log;
    this.efSearch = options.efSearch;
    if (
      this.efSearch !== undefined &&
      !(Number.isInteger(this.efSearch) && this.efSearch >= 1 && this.efSearch <= 1000)
    ) {
      throw new RangeError(`efSearch must be an integer in 1..1000, got ${this.efSearch}`);
    }
    if (!Number.isInteger(this.maxScanTuples) || this.maxScanTuples < 1) {
      throw new RangeError(`maxScanTuples must be a positive integer, got ${this.maxScanTuples}`);
    }
    if (!/^\d+\s*(kB|MB|GB)$/.test(this.maintenanceWorkMem)) {
      throw new RangeError(
        `maintenanceWorkMem must look like 512MB, got ${JSON.stringify(this.maintenanceWorkMem)}`,
      );
    }
  }

  /** Connects and checks the server has pgvector; fails with one line that says what to do. */
  static async connect(options: PostgresBackendOptions): Promise<PostgresBackend> {
    new IndexNames(options.index);
    const db = Database.open(options);
    try {
      await checkPgvector(db, { creatable: true });
      return new PostgresBackend(db, options);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  get location(): string {
    return this.db.location;
  }

  /** The database URL without its password, and the index within it. */
  get publicLocation(): string {
    return `${this.db.location}#${this.names.index}`;
  }

  /** Servers poll the pointer row: no file to watch, and any process may publish. */
  watchPublished(onPublish: () => void, debounceMs: number): () => void {
    let last: string | null | undefined;
    const poll = async () => {
      try {
        const now = await this.published();
        if (last !== undefined && now !== last) onPublish();
        last = now;
      } catch (error) {
        this.log?.warn(
          { err: error, index: this.names.index },
          'polling for a published version failed',
        );
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), Math.max(debounceMs, MIN_POLL_MS));
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The cheap poll: one row by primary key. */
  async published(): Promise<string | null> {
    const info = await readIndexInfo(this.db, this.names.index);
    return info?.currentVersion ? versionName(info.currentVersion) : null;
  }

  async versions(): Promise<string[]> {
    if (!(await readIndexInfo(this.db, this.names.index))) return [];
    return (await publishedVersions(this.db, this.names)).map(versionName);
  }

  async open(name?: string): Promise<IndexVersion> {
    const info = await readIndexInfo(this.db, this.names.index);
    const version = name === undefined ? info?.currentVersion : versionNumber(name);
    if (!info || version === null || version === undefined) {
      throw new NothingPublishedError(
        `index ${this.names.index} at ${this.location} has no published version: run "paper-search ingest" first`,
      );
    }
    const row = await readVersion(this.db, this.names, version);
    if (!row || row.state !== 'published' || row.manifest === null) {
      throw new PostgresUnavailableError(
        `index ${this.names.index} at ${this.location} has no published version ${versionName(version)}`,
      );
    }
    return new PostgresIndexVersion(
      this.db,
      this.names,
      { ...row, manifest: row.manifest },
      {
        textEngine: info.textEngine,
        maxScanTuples: this.maxScanTuples,
        efSearch: this.efSearch,
      },
    );
  }

  async manifest(name: string): Promise<IndexManifest> {
    const row = await readVersion(this.db, this.names, versionNumber(name));
    if (!row || row.state !== 'published' || row.manifest === null) {
      throw new PostgresUnavailableError(
        `index ${this.names.index} at ${this.location} has no published version ${name}`,
      );
    }
    return row.manifest;
  }

  /**
   * Takes the index's build lock (a session advisory lock on a connection of the build's
   * own, so it ends with the build or with a dead job), undoes builds a dead job left, and
   * claims the next version.
   */
  async build(options: BuildOptions): Promise<IndexBuild> {
    const info = await ensureIndexSchema(this.db, this.names, this.textSearch);
    const lock = await this.db.dedicated();
    this.buildLocks.add(lock);
    lock.once('end', () => this.buildLocks.delete(lock));
    try {
      const locked = await lock.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext($1)) AS ok`,
        [this.names.lockKey],
      );
      if (!locked.rows[0].ok) {
        await lock.end();
        throw new Error(
          `another build of index ${this.names.index} is running at ${this.location}; wait for it to finish`,
        );
      }
      const row = await this.db.transaction(async (tx) => {
        const stale = await undoStaleBuilds(tx, this.names);
        if (stale.length)
          this.log?.warn(
            { index: this.names.index, versions: stale.map(versionName) },
            'undid builds a stopped job left',
          );
        const pointer = await tx.query<{ current_version: number | null }>(
          `SELECT current_version FROM ${INDEXES_TABLE} WHERE name = $1 FOR UPDATE`,
          [this.names.index],
        );
        const base = options.fromPublished ? (pointer[0].current_version ?? null) : null;
        return startVersion(tx, this.names, base);
      });
      return new PostgresIndexBuild(
        {
          db: this.db,
          names: this.names,
          lock,
          seal: { textEngine: info.textEngine, maintenanceWorkMem: this.maintenanceWorkMem },
          log: this.log,
        },
        row,
      );
    } catch (error) {
      await releaseBuildLock(lock, this.names);
      throw error;
    }
  }

  async rollback(): Promise<string> {
    if (!(await readIndexInfo(this.db, this.names.index))) {
      throw new Error(
        `no earlier version to roll back to in index ${this.names.index} at ${this.location}`,
      );
    }
    return versionName(await rollbackIndex(this.db, this.names, this.location));
  }

  /** The shared change log; null on a read-only server (a replica), where writes cannot land. */
  async changeLog(): Promise<ChangeLog | null> {
    const recovery = await this.db.query<{ replica: boolean }>(
      'SELECT pg_is_in_recovery() AS replica',
    );
    if (recovery[0].replica) return null;
    await ensureIndexSchema(this.db, this.names, this.textSearch);
    return new PostgresChangeLog(this.db, this.names);
  }

  async checkpoints(fingerprint: string, dims: number): Promise<CheckpointStore> {
    await ensureIndexSchema(this.db, this.names, this.textSearch);
    return new PostgresCheckpointStore(this.db, this.names, fingerprint, dims);
  }

  /** Bytes of the index's rows and of each kind of index over them, for operators and benchmarks. */
  storage(): Promise<StorageSizes> {
    return storageSizes(this.db, this.names);
  }

  /** Deletes the index and everything it keeps (versions, change log, checkpoints). */
  async drop(): Promise<void> {
    await this.db.transaction((tx) => dropIndex(tx, this.names));
  }

  /** The server's version string (`PostgreSQL 17.2 ...`) and pgvector's. */
  async serverVersion(): Promise<string> {
    const rows = await this.db.query<{ server: string; pgvector: string | null }>(
      `SELECT version() AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS pgvector`,
    );
    return `${rows[0].server.split(',')[0]}, pgvector ${rows[0].pgvector ?? 'not installed'}`;
  }

  /** Closes the pool; a build still running loses its lock, as when its process stops. */
  async close(): Promise<void> {
    for (const lock of this.buildLocks) await lock.end().catch(() => undefined);
    await this.db.close();
  }
}
