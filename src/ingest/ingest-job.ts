import { basename } from 'node:path';
import type { Logger } from 'pino';
import { CorpusAudit } from '../corpus/corpus-audit.js';
import type { FieldMap } from '../corpus/field-map.js';
import { readCorpus } from '../corpus/formats.js';
import type { CorpusFormat } from '../corpus/reader.js';
import type { Embedder } from '../embed/embedder.js';
import {
  chooseEmbedderKind,
  type EmbedderKind,
  type ModelSettings,
} from '../embed/embedder-factory.js';
import type { Backend, IndexBuild, VectorSpec } from '../index/backend.js';
import type { ChangeLog } from '../index/change-log.js';
import type { HnswParams } from '../index/hnsw-params.js';
import { FORMAT_VERSION, type IndexManifest } from '../index/manifest.js';
import { embedderForBuild, type LexicalDrift } from './build-embedder.js';
import { embedIntoIndex, type Selection } from './embed-into-index.js';
import { mergeChanges } from './merge-changes.js';
import type { ProgressReporter } from './progress.js';
import { BuildLedger, readIntoBuild, type CorpusDiff, type ReadStats } from './read-into-build.js';

export interface IngestOptions {
  inputs: string[];
  /**
   * Update the published version in place rather than build from nothing: unchanged papers
   * keep their labels, vectors and text postings; only new and changed papers are embedded;
   * papers absent from the input are removed.
   */
  update?: boolean;
  /** With update: rebuild the vector graph instead of changing it in place. */
  rebuild?: boolean;
  /** With update and the lexical embedder: fit it again instead of keeping it. */
  refit?: boolean;
  format?: CorpusFormat;
  /** `--map field=column` choices for JSON, JSON Lines and CSV inputs. */
  fieldMap?: FieldMap;
  backend: Backend;
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
  /** Where it was published (a directory, or the backend's location and index). */
  location: string;
  embedder: string;
  /** `full` from nothing, `update` in place over `base`. */
  build: { kind: 'full' | 'update'; base: string | null; vectors: 'carried' | 'rebuilt' };
  read: number;
  ingested: number;
  skipped: Record<string, number>;
  /** Silent-loss audit: one line per input whose known fields came through empty. */
  audit: string[];
  duplicates: number;
  /** Papers the embedder ran on. */
  embedded: number;
  /** Papers whose vector came from checkpoints of earlier or killed builds. */
  reusedEmbeddings: number;
  /** Papers whose vector the update carried over from the base unchanged. */
  carried: number;
  /** Against the base version (all added for a full build). */
  diff: CorpusDiff;
  /** API writes from the change log merged into this version. */
  mergedChanges: number;
  lexicalDrift: LexicalDrift | null;
  seconds: number;
  /** Loading the model (or fitting the lexical embedder): a one-off, whatever the corpus size. */
  embedderLoadSeconds: number;
  embedSeconds: number;
  /** Papers per second of the whole job. */
  docsPerSecond: number;
}

export class StrictModeError extends Error {
  override name = 'StrictModeError';
}

/**
 * Reads the inputs into a new version, embeds what is new, builds or updates the vector and
 * text indexes and only then publishes. Until publish, servers keep serving the previous
 * version; a failed job publishes nothing and leaves no build behind.
 */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const startedAt = performance.now();
  const { backend, log } = options;
  const build = await backend.build({ fromPublished: options.update ?? false });
  const changeLog = await backend.changeLog();
  try {
    const summary = await buildVersion(options, build, changeLog, startedAt);
    if (changeLog) await pruneMergedChanges(backend, changeLog);
    return summary;
  } catch (error) {
    await build.abandon();
    log.debug({ err: error }, 'build abandoned');
    throw error;
  } finally {
    await changeLog?.close();
  }
}

async function buildVersion(
  options: IngestOptions,
  build: IndexBuild,
  changeLog: ChangeLog | null,
  startedAt: number,
): Promise<IngestSummary> {
  const { log } = options;
  const ledger = await BuildLedger.start(build.records);
  const audit = new CorpusAudit();
  const readStats = await readIntoBuild(
    readCorpus(options.inputs, { format: options.format, fieldMap: options.fieldMap, audit }),
    build.records,
    ledger,
    (p) => log.warn({ problem: p }, 'skipped record'),
  );
  enforceStrict(readStats, options.strict);
  const merged = await mergeLoggedChanges(build, ledger, changeLog, options);
  const count = await build.records.count();
  if (count === 0) throw new Error(`no valid papers in ${options.inputs.join(', ')}`);
  const diff = ledger.diff;
  log.info({ base: build.base, ...diff, merged: merged.count }, 'corpus read');

  const choice = chooseEmbedderKind(options.embedder, options.model);
  log.info({ embedder: choice.kind, reason: choice.reason }, 'embedder chosen');
  const loadStartedAt = performance.now();
  const changed = [...ledger.changes.dirty];
  const chosen = await embedderForBuild({
    kind: choice.kind,
    model: options.model,
    build,
    changed,
    papers: count,
    refit: options.refit ?? false,
  });
  const embedderLoadSeconds = (performance.now() - loadStartedAt) / 1000;
  if (chosen.drift) log.info(chosen.drift, 'lexical model');
  const { embedder } = chosen;
  try {
    const base = build.base ? await baseEmbedder(options.backend, build.base) : null;
    const sameEmbedder = base === embedder.fingerprint();
    const spec = vectorSpec(options, embedder.dims, count);
    const vectors = await build.vectors({
      ...spec,
      fresh: !sameEmbedder || options.rebuild === true,
    });
    const carried = await vectors.size();
    const rebuildAll = carried === 0;
    if (!rebuildAll) await vectors.remove(ledger.changes.removed);
    await build.text.remove(ledger.changes.removed);
    const selection: Selection = rebuildAll ? { all: true } : { all: false, labels: changed };
    const checkpoints = embedder.checkpointed
      ? await options.backend.checkpoints(embedder.fingerprint(), embedder.dims)
      : null;
    const stats = await embedIntoIndex({
      records: build.records,
      selection,
      embedder,
      vectors,
      text: build.text,
      checkpoints,
      windowSize: Math.max(options.model.batchSize * 8, 256),
      progress: options.progress,
    }).finally(() => checkpoints?.close());
    await chosen.persist();
    const manifest = await manifestFor(options, build, {
      embedder,
      count,
      nextLabel: ledger.nextLabel,
      spec,
      changesThrough: merged.through,
      startedAt,
    });
    const location = await build.publish(manifest, options.keepVersions);
    const seconds = (performance.now() - startedAt) / 1000;
    return {
      version: build.name,
      location,
      embedder: embedder.id,
      build: {
        kind: build.base ? 'update' : 'full',
        base: build.base,
        vectors: rebuildAll ? 'rebuilt' : 'carried',
      },
      read: readStats.read,
      ingested: count,
      skipped: readStats.skipped,
      audit: audit.lines(),
      duplicates: readStats.duplicates,
      embedded: stats.embedded,
      reusedEmbeddings: stats.reused,
      carried: rebuildAll ? 0 : count - changed.length,
      diff,
      mergedChanges: merged.count,
      lexicalDrift: chosen.drift,
      seconds,
      embedderLoadSeconds,
      embedSeconds: stats.embedSeconds,
      docsPerSecond: count / seconds,
    };
  } finally {
    await embedder.dispose();
  }
}

function vectorSpec(options: IngestOptions, dims: number, count: number): VectorSpec {
  return {
    dims,
    search: count < options.exactBelow ? 'exact' : 'hnsw',
    hnsw: options.hnsw,
    capacity: count,
  };
}

/** The embedder fingerprint the base version was built with. */
async function baseEmbedder(backend: Backend, name: string): Promise<string> {
  return (await backend.manifest(name)).embedder.fingerprint;
}

/**
 * Merges the API writes logged after the base version's watermark (up to the newest, fixed
 * now: later writes stay pending and are replayed on the new version by servers).
 */
async function mergeLoggedChanges(
  build: IndexBuild,
  ledger: BuildLedger,
  changeLog: ChangeLog | null,
  options: IngestOptions,
): Promise<{ count: number; through: number }> {
  const after = build.base ? (await options.backend.manifest(build.base)).changesThrough : 0;
  if (!changeLog) return { count: 0, through: after };
  const through = Math.max(after, await changeLog.lastSeq());
  const changes = await changeLog.between(after, through);
  return { count: await mergeChanges(build.records, ledger, changes), through };
}

/** Log entries every kept version has merged are needed by no rollback or reload. */
async function pruneMergedChanges(backend: Backend, changeLog: ChangeLog): Promise<void> {
  const watermarks: number[] = [];
  // Manifests alone: opening a version would load its graph and text index.
  for (const name of await backend.versions()) {
    watermarks.push((await backend.manifest(name)).changesThrough);
  }
  if (watermarks.length > 0) await changeLog.pruneThrough(Math.min(...watermarks));
}

async function manifestFor(
  options: IngestOptions,
  build: IndexBuild,
  built: {
    embedder: Embedder;
    count: number;
    nextLabel: number;
    spec: VectorSpec;
    changesThrough: number;
    startedAt: number;
  },
): Promise<IndexManifest> {
  const { embedder } = built;
  return {
    formatVersion: FORMAT_VERSION,
    embedder: {
      id: embedder.id,
      fingerprint: embedder.fingerprint(),
      dims: embedder.dims,
      spec: embedder.spec(),
    },
    count: built.count,
    nextLabel: built.nextLabel,
    search: built.spec.search,
    hnsw: options.hnsw,
    text: { engine: build.textEngine },
    corpus: {
      checksum: await build.records.checksum(),
      files: options.inputs.map((f) => basename(f)),
    },
    build: { kind: build.base ? 'update' : 'full', base: build.base },
    builtAt: new Date().toISOString(),
    buildSeconds: Number(((performance.now() - built.startedAt) / 1000).toFixed(3)),
    changesThrough: built.changesThrough,
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
