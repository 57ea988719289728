import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import { CorpusAudit } from '../corpus/corpus-audit.js';
import type { FieldMap } from '../corpus/field-map.js';
import { readCorpus } from '../corpus/formats.js';
import type { CorpusFormat } from '../corpus/reader.js';
import type { Embedder } from '../embed/embedder.js';
import {
  chooseEmbedderKind,
  createIngestEmbedder,
  persistedState,
  type EmbedderKind,
  type ModelSettings,
} from '../embed/embedder-factory.js';
import { ExactIndex } from '../index/exact-index.js';
import { HnswIndex } from '../index/hnsw-index.js';
import type { HnswParams } from '../index/hnsw-params.js';
import { ChangeLog } from '../changes/change-log.js';
import {
  createBuildDir,
  listBuilding,
  listVersions,
  nextVersionNumber,
  publish,
  versionName,
} from '../index/index-root.js';
import {
  readManifest,
  STORE_FILE,
  VECTORS_FILE,
  writeManifest,
  type IndexManifest,
} from '../index/manifest.js';
import { SqlitePaperStore } from '../index/sqlite-paper-store.js';
import type { VectorGraph } from '../index/vector-graph.js';
import { embedIntoIndex } from './embed-into-index.js';
import { EMBEDDER_META_KEY, EmbeddingCache } from './embedding-cache.js';
import { mergeChanges } from './merge-changes.js';
import {
  diffCorpus,
  labelSeed,
  readPreviousVersion,
  type CorpusDiff,
  type PreviousVersion,
} from './previous-version.js';
import type { ProgressReporter } from './progress.js';
import { readIntoStore, type LabelSeed, type ReadStats } from './read-into-store.js';

export interface IngestOptions {
  inputs: string[];
  /**
   * Update rather than rebuild: papers the published version holds keep their labels, and
   * the summary reports what was added, changed, unchanged and removed. Either way stored
   * embeddings of unchanged papers are reused when the embedder's fingerprint matches.
   */
  update?: boolean;
  format?: CorpusFormat;
  /** `--map field=column` choices for JSON, JSON Lines and CSV inputs. */
  fieldMap?: FieldMap;
  indexRoot: string;
  embedder: EmbedderKind;
  model: ModelSettings;
  hnsw: HnswParams;
  exactBelow: number;
  keepVersions: number;
  strict: boolean;
  log: Logger;
  progress: ProgressReporter;
}

export interface IngestSummary {
  version: string;
  dir: string;
  embedder: string;
  read: number;
  ingested: number;
  skipped: Record<string, number>;
  /** Silent-loss audit: one line per input whose known fields came through empty. */
  audit: string[];
  duplicates: number;
  embedded: number;
  reusedEmbeddings: number;
  /** Against the previously published version (all added when there was none). */
  diff: CorpusDiff;
  /** API writes from the change log merged into this version. */
  mergedChanges: number;
  seconds: number;
  /** Loading the model (or fitting the lexical embedder): a one-off, whatever the corpus size. */
  embedderLoadSeconds: number;
  embedSeconds: number;
  /** Papers embedded per second of the whole job. */
  docsPerSecond: number;
}

export class StrictModeError extends Error {
  override name = 'StrictModeError';
}

/**
 * Reads the inputs into a fresh version directory, embeds, builds the vector index, writes the
 * manifest and only then publishes. Until publish, servers keep serving the previous version.
 */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const startedAt = performance.now();
  const { log } = options;
  const previous = await readPreviousVersion(options.indexRoot);
  const seed = options.update && previous ? labelSeed(previous) : undefined;
  const name = versionName(await nextVersionNumber(options.indexRoot));
  const buildDir = await createBuildDir(options.indexRoot, name);
  const store = SqlitePaperStore.open(join(buildDir, STORE_FILE));
  const changeLog = ChangeLog.openIfExists(options.indexRoot);
  const audit = new CorpusAudit();
  try {
    const readStats = await readIntoStore(
      readCorpus(options.inputs, { format: options.format, fieldMap: options.fieldMap, audit }),
      store,
      (p) => log.warn({ problem: p }, 'skipped record'),
      seed,
    );
    let merged: { count: number; through: number };
    try {
      enforceStrict(readStats, options.strict);
      if (readStats.stored === 0)
        throw new Error(`no valid papers in ${options.inputs.join(', ')}`);
      merged = mergeLoggedChanges(store, changeLog, previous, seed);
    } catch (error) {
      store.close();
      await rm(buildDir, { recursive: true, force: true });
      throw error;
    }
    const diff = diffCorpus(previous, store);
    log.info({ previous: previous?.version ?? null, ...diff, merged: merged.count }, 'corpus read');
    const choice = chooseEmbedderKind(options.embedder, options.model);
    log.info({ embedder: choice.kind, reason: choice.reason }, 'embedder chosen');
    const loadStartedAt = performance.now();
    const embedder = await createIngestEmbedder(choice.kind, options.model, () =>
      store.allDocuments(),
    );
    const embedderLoadSeconds = (performance.now() - loadStartedAt) / 1000;
    try {
      const built = await buildVectors(options, store, embedder, buildDir);
      await writeManifest(buildDir, {
        ...manifestFor(options, embedder, built, startedAt),
        changesThrough: merged.through,
      });
      store.seal();
      store.close();
      const dir = await publish(options.indexRoot, buildDir, options.keepVersions);
      await removeAbandonedBuilds(options.indexRoot);
      if (changeLog) await pruneMergedChanges(options.indexRoot, changeLog);
      const seconds = (performance.now() - startedAt) / 1000;
      return {
        version: name,
        dir,
        embedder: embedder.id,
        read: readStats.read,
        ingested: built.count,
        skipped: readStats.skipped,
        audit: audit.lines(),
        duplicates: readStats.duplicates,
        embedded: built.embedded,
        reusedEmbeddings: built.reused,
        diff,
        mergedChanges: merged.count,
        seconds,
        embedderLoadSeconds,
        embedSeconds: built.embedSeconds,
        docsPerSecond: built.count / seconds,
      };
    } finally {
      await embedder.dispose();
    }
  } finally {
    if (store.isOpen) store.close();
    changeLog?.close();
  }
}

/**
 * Merges the API writes logged after the published version's watermark (up to the newest,
 * fixed now: later writes stay pending and are replayed on the new version by servers).
 */
function mergeLoggedChanges(
  store: SqlitePaperStore,
  changeLog: ChangeLog | null,
  previous: PreviousVersion | null,
  seed: LabelSeed | undefined,
): { count: number; through: number } {
  const after = previous?.changesThrough ?? 0;
  if (!changeLog) return { count: 0, through: after };
  const through = Math.max(after, changeLog.lastSeq());
  const changes = changeLog.between(after, through);
  const count = mergeChanges(store, changes, seed ?? { labels: new Map(), next: 0 });
  return { count, through };
}

/** Log entries every kept version has merged are needed by no rollback or reload. */
async function pruneMergedChanges(root: string, changeLog: ChangeLog): Promise<void> {
  const watermarks = await Promise.all(
    (await listVersions(root)).map(async (name) => {
      const manifest = await readManifest(join(root, name));
      return manifest.changesThrough ?? 0;
    }),
  );
  if (watermarks.length > 0) changeLog.pruneThrough(Math.min(...watermarks));
}

interface BuiltVectors {
  count: number;
  search: 'exact' | 'hnsw';
  embedded: number;
  reused: number;
  embedSeconds: number;
  corpusChecksum: string;
}

async function buildVectors(
  options: IngestOptions,
  store: SqlitePaperStore,
  embedder: Embedder,
  buildDir: string,
): Promise<BuiltVectors> {
  const count = store.count;
  const search = count < options.exactBelow ? 'exact' : 'hnsw';
  const index: VectorGraph =
    search === 'exact'
      ? new ExactIndex(embedder.dims, count)
      : HnswIndex.create(embedder.dims, count, options.hnsw);
  const fingerprint = embedder.fingerprint();
  store.setMeta(EMBEDDER_META_KEY, fingerprint);
  const state = persistedState(embedder);
  if (state) store.setMeta(...state);
  const cache = await EmbeddingCache.open(options.indexRoot, fingerprint, buildDir);
  if (cache.sourceCount > 0)
    options.log.info({ sources: cache.sourceCount }, 'reusing stored embeddings');
  try {
    const windowSize = Math.max(options.model.batchSize * 8, 256);
    const stats = await embedIntoIndex({
      store,
      embedder,
      index,
      cache,
      windowSize,
      progress: options.progress,
    });
    store.pruneEmbeddings();
    if (search === 'hnsw') await index.save(join(buildDir, VECTORS_FILE));
    return { count, search, ...stats, corpusChecksum: store.corpusChecksum() };
  } finally {
    cache.close();
  }
}

function manifestFor(
  options: IngestOptions,
  embedder: Embedder,
  built: BuiltVectors,
  startedAt: number,
): IndexManifest {
  return {
    formatVersion: 1,
    embedder: {
      id: embedder.id,
      fingerprint: embedder.fingerprint(),
      dims: embedder.dims,
      spec: embedder.spec(),
    },
    count: built.count,
    search: built.search,
    hnsw: options.hnsw,
    corpus: { checksum: built.corpusChecksum, files: options.inputs.map((f) => basename(f)) },
    builtAt: new Date().toISOString(),
    buildSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(3)),
  };
}

function enforceStrict(stats: ReadStats, strict: boolean): void {
  const problems = stats.problems.length + stats.duplicates;
  if (strict && problems > 0) {
    throw new StrictModeError(
      `--strict: ${stats.problems.length} skipped record(s) and ${stats.duplicates} duplicate id(s); first: ${
        stats.problems[0] ?? 'duplicate ids'
      }`,
    );
  }
}

/** Once a version is published, earlier killed builds have nothing left to give. */
async function removeAbandonedBuilds(root: string): Promise<void> {
  for (const name of await listBuilding(root))
    await rm(join(root, name), { recursive: true, force: true });
}
