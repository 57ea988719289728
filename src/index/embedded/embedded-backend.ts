import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import {
  NothingPublishedError,
  type Backend,
  type BuildOptions,
  type IndexBuild,
  type IndexVersion,
  type OpenOptions,
} from '../backend.js';
import type { ChangeLog } from '../change-log.js';
import type { CheckpointStore } from '../checkpoint-store.js';
import { acquireBuildLock } from './build-lock.js';
import { EmbeddedBuild, type BuildBase } from './embedded-build.js';
import { DEFAULT_GRAPH_SETTINGS } from './graph-start.js';
import { openEmbeddedVersion, type EmbeddedSettings } from './embedded-version.js';
import {
  listVersions,
  nextVersionNumber,
  removeBuildDirs,
  resolvePublished,
  rollback,
  versionName,
} from './index-root.js';
import { watchPointer } from './pointer-watcher.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import { CHECKPOINTS_FILE, SqliteCheckpoints } from './sqlite-checkpoints.js';
import { MANIFEST_FILE, readManifest } from './version-files.js';
import { versionRecordFiles } from './record-files.js';
import type { IndexManifest } from '../manifest.js';

/**
 * The zero-set-up backend: an index root directory holding numbered versions (an HNSW graph
 * or exact vectors, a SQLite file of records and their FTS5 index, a manifest), a CURRENT
 * pointer replaced by rename, the change log and the embedding checkpoints. A directory that
 * is itself one version (it holds a manifest) is served read-only.
 */
export class EmbeddedBackend implements Backend {
  readonly kind = 'embedded';

  constructor(
    private readonly root: string,
    private readonly settings: EmbeddedSettings,
    private readonly log: Logger,
  ) {}

  get location(): string {
    return this.root;
  }

  get publicLocation(): string {
    return basename(this.root);
  }

  /** A single version directory rather than a root of versions. */
  private get isBareVersion(): boolean {
    return existsSync(join(this.root, MANIFEST_FILE));
  }

  async published(): Promise<string | null> {
    const dir = await resolvePublished(this.root);
    return dir && basename(dir);
  }

  async versions(): Promise<string[]> {
    return this.isBareVersion ? [basename(this.root)] : listVersions(this.root);
  }

  async open(name?: string, options: OpenOptions = {}): Promise<IndexVersion> {
    const dir =
      name && !this.isBareVersion ? join(this.root, name) : await resolvePublished(this.root);
    if (!dir || !existsSync(join(dir, MANIFEST_FILE))) {
      throw new NothingPublishedError(
        `no published index at ${this.root}: run "paper-search ingest" first`,
      );
    }
    return openEmbeddedVersion(dir, this.settings, options.reuse);
  }

  async build(options: BuildOptions): Promise<IndexBuild> {
    if (this.isBareVersion) {
      throw new Error(`${this.root} is a single index version; build into an index root instead`);
    }
    await mkdir(this.root, { recursive: true });
    const release = await acquireBuildLock(this.root);
    try {
      // Builds killed before publishing left directories whose work the checkpoints hold.
      await removeBuildDirs(this.root);
      const base = options.fromPublished ? await this.publishedBase() : null;
      const name = versionName(await nextVersionNumber(this.root));
      return await EmbeddedBuild.start(this.root, name, base, {
        graphOnWorker: this.settings.graphOnWorker ?? true,
        graphSettings: { ...DEFAULT_GRAPH_SETTINGS, ...this.settings.graph },
        onFinish: async () => {
          await this.pruneCheckpoints();
          await release();
        },
      });
    } catch (error) {
      await release();
      throw error;
    }
  }

  async manifest(name: string): Promise<IndexManifest> {
    return readManifest(this.isBareVersion ? this.root : join(this.root, name));
  }

  private async publishedBase(): Promise<BuildBase | null> {
    const dir = await resolvePublished(this.root);
    if (!dir) return null;
    return { dir, name: basename(dir), manifest: await readManifest(dir) };
  }

  async rollback(): Promise<string> {
    return rollback(this.root);
  }

  async changeLog(): Promise<ChangeLog | null> {
    if (this.isBareVersion) return null;
    try {
      await mkdir(this.root, { recursive: true });
      return SqliteChangeLog.open(this.root);
    } catch (error) {
      // Say, a read-only mount: the index is served, writes are refused.
      this.log.warn({ err: error, root: this.root }, 'cannot open the change log');
      return null;
    }
  }

  async checkpoints(fingerprint: string, dims: number): Promise<CheckpointStore> {
    return SqliteCheckpoints.open(join(this.root, CHECKPOINTS_FILE), fingerprint, dims);
  }

  watchPublished(onPublish: () => void, debounceMs: number): () => void {
    return watchPointer(this.root, debounceMs, onPublish, this.log);
  }

  async close(): Promise<void> {}

  /** Keeps the embeddings the kept versions use; the rest were left by changed papers. */
  private async pruneCheckpoints(): Promise<void> {
    const file = join(this.root, CHECKPOINTS_FILE);
    if (!existsSync(file)) return;
    const used = (
      await Promise.all(
        (await listVersions(this.root)).map(async (name) => {
          const { fingerprint } = (await this.manifest(name)).embedder;
          return versionRecordFiles(join(this.root, name)).map((recordsFile) => ({
            fingerprint,
            recordsFile,
          }));
        }),
      )
    ).flat();
    const store = SqliteCheckpoints.open(file, '', 0);
    try {
      store.prune(used);
    } finally {
      await store.close();
    }
  }
}
