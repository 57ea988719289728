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
import {
  FORMAT_VERSION,
  type FusionCalibration,
  type HarvestStates,
  type IndexManifest,
} from '../index/manifest.js';
import type { VectorWriter } from '../index/vector-index.js';
import { applyChanges, type ChangeItem } from './apply-changes.js';
import { calibrateFusion } from './calibrate-fusion.js';
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
  /**
   * Apply these changes to the published version (or to nothing, when none is) instead of
   * reading `inputs`, which then only name where the changes came from: papers the changes do
   * not name are left alone and the base is not read (see applyChanges). Implies `update`.
   */
  changes?: AsyncIterable<ChangeItem> | Iterable<ChangeItem>;
  /** Harvest state to record in the manifest, by source key, over the base's (see harvest/). */
  harvest?: HarvestStates;
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
  const fromPublished = (options.update ?? false) || options.changes !== undefined;
  const build = await backend.build({ fromPublished });
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
  const baseManifest = build.base ? await options.backend.manifest(build.base) : null;
  const audit = new CorpusAudit();
  const onProblem = (p: string) => log.warn({ problem: p }, 'skipped record');
  const { ledger, readStats } = options.changes
    ? await applyChangeList(options.changes, build, baseManifest, onProblem)
    : await readInputs(options, build, audit, onProblem);
  enforceStrict(readStats, options.strict);
  const merged = await mergeLoggedChanges(build, ledger, changeLog, baseManifest);
  // A change list does not read the base, so the store is not counted either.
  const count = options.changes ? ledger.count : await build.records.count();
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
    const sameEmbedder = baseManifest?.embedder.fingerprint === embedder.fingerprint();
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
    const calibration = await fusionCalibration(options, build, baseManifest, vectors, embedder);
    const manifest = await manifestFor(options, build, baseManifest, {
      calibration,
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

type Read = { ledger: BuildLedger; readStats: ReadStats };

/** A full read of the inputs: papers of the base absent from them leave the build. */
async function readInputs(
  options: IngestOptions,
  build: IndexBuild,
  audit: CorpusAudit,
  onProblem: (problem: string) => void,
): Promise<Read> {
  const ledger = await BuildLedger.start(build.records);
  const events = readCorpus(options.inputs, {
    format: options.format,
    fieldMap: options.fieldMap,
    audit,
  });
  return { ledger, readStats: await readIntoBuild(events, build.records, ledger, onProblem) };
}

/** A change list over the base, which is looked up by id and never read whole. */
async function applyChangeList(
  changes: NonNullable<IngestOptions['changes']>,
  build: IndexBuild,
  base: IndexManifest | null,
  onProblem: (problem: string) => void,
): Promise<Read> {
  const ledger = BuildLedger.forChanges(build.records, base ?? { count: 0, nextLabel: 0 });
  return { ledger, readStats: await applyChanges(changes, build.records, ledger, onProblem) };
}

/**
 * Merges the API writes logged after the base version's watermark (up to the newest, fixed
 * now: later writes stay pending and are replayed on the new version by servers).
 */
async function mergeLoggedChanges(
  build: IndexBuild,
  ledger: BuildLedger,
  changeLog: ChangeLog | null,
  base: IndexManifest | null,
): Promise<{ count: number; through: number }> {
  const after = base?.changesThrough ?? 0;
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
  base: IndexManifest | null,
  built: {
    embedder: Embedder;
    count: number;
    nextLabel: number;
    spec: VectorSpec;
    changesThrough: number;
    startedAt: number;
    calibration: FusionCalibration;
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
      files: corpusFiles(options, base),
    },
    build: { kind: build.base ? 'update' : 'full', base: build.base },
    builtAt: new Date().toISOString(),
    buildSeconds: Number(((performance.now() - built.startedAt) / 1000).toFixed(3)),
    changesThrough: built.changesThrough,
    ...harvestState(options.harvest, base),
    calibration: built.calibration,
  };
}

/** The inputs read; a change list adds its names to the base's, since the base is kept. */
function corpusFiles(options: IngestOptions, base: IndexManifest | null): string[] {
  const named = options.inputs.map((f) => basename(f));
  if (!options.changes || !base) return named;
  return [...new Set([...base.corpus.files, ...named])];
}

/** Harvest state is carried forward by every update, with this build's over the base's. */
function harvestState(
  harvest: HarvestStates | undefined,
  base: IndexManifest | null,
): Pick<IndexManifest, 'harvest'> {
  const merged = { ...base?.harvest, ...harvest };
  return Object.keys(merged).length > 0 ? { harvest: merged } : {};
}

/**
 * Hybrid's fusion fitted to the corpus: afresh for a full build or with --refit, else the
 * base's fit carried over, as the lexical embedder's fit is, when the base has one.
 */
async function fusionCalibration(
  options: IngestOptions,
  build: IndexBuild,
  base: IndexManifest | null,
  vectors: VectorWriter,
  embedder: Embedder,
): Promise<FusionCalibration> {
  if (base?.calibration && !options.refit) return base.calibration;
  const calibration = await calibrateFusion(build.records, vectors, embedder);
  options.log.info(
    {
      semanticWeight: calibration.semanticWeight,
      pseudoQueries: calibration.pseudoQueries,
      pool: calibration.pool,
      seconds: calibration.seconds,
    },
    'fusion calibrated',
  );
  return calibration;
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
