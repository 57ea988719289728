import { open, type FileHandle } from 'node:fs/promises';
import type { Backend } from '../index/backend.js';
import type { PaperChange } from '../index/change-log.js';
import type { HarvestState, HarvestStates } from '../index/manifest.js';
import { changeLine } from '../ingest/change-list.js';
import { runIngest, type IngestOptions } from '../ingest/ingest-job.js';
import type { CorpusDiff } from '../ingest/read-into-build.js';
import type { HarvestSource, HarvestStart, SourcePage } from './harvest-source.js';
import { newest } from './harvest-source.js';
import { BadResumptionTokenError } from './oai-pmh.js';

/** What an update of the index takes besides the changes: the ingest settings, less its inputs. */
export type ApplySettings = Omit<IngestOptions, 'inputs' | 'changes' | 'harvest' | 'update'>;

export interface HarvestOptions {
  source: HarvestSource;
  /** Apply the changes to this index (created if missing), keeping the harvest state in it. */
  index?: ApplySettings;
  /** Or write them to this change list; no state is kept. */
  out?: string;
  /** An explicit window; without it a run resumes, or continues from the last date harvested. */
  from?: string | null;
  until?: string | null;
  /** Pages applied together in one update: a kill loses at most the pages not yet applied. */
  pagesPerUpdate: number;
  /** Progress lines (stderr). */
  report: (line: string) => void;
}

export interface HarvestSummary {
  key: string;
  pages: number;
  records: number;
  deletions: number;
  skipped: number;
  /** Against the index (null with `--out`, where nothing is compared). */
  diff: CorpusDiff | null;
  versions: string[];
  state: HarvestState | null;
}

/**
 * Pulls a source page by page and applies each batch of pages as an update through the change
 * list path, recording with it (in the same publish) where the harvest stands: an interrupted
 * run resumes after the last applied page, a completed one continues next time from the newest
 * record date it saw. Nothing of a page that fails to parse is applied.
 */
export async function runHarvest(options: HarvestOptions): Promise<HarvestSummary> {
  const { source, report } = options;
  const previous = options.index ? await harvestStateOf(options.index.backend, source.key) : null;
  const start = startOf(previous, options);
  report(describeStart(source.key, start, previous));
  const summary: HarvestSummary = {
    key: source.key,
    pages: 0,
    records: 0,
    deletions: 0,
    skipped: 0,
    diff: options.index ? { added: 0, changed: 0, unchanged: 0, removed: 0 } : null,
    versions: [],
    state: previous,
  };
  const sink = options.out ? await open(options.out, 'w') : null;
  try {
    await harvestFrom(start, previous, options, summary, sink);
  } catch (error) {
    if (!(error instanceof BadResumptionTokenError) || !start.token) throw error;
    // A kept token expired: the window asked again from its start; what is in stays in.
    report(`${error.message}; asking the window again from ${start.from ?? 'the beginning'}`);
    await harvestFrom({ ...start, token: null }, previous, options, summary, sink);
  } finally {
    await sink?.close();
  }
  return summary;
}

async function harvestFrom(
  start: HarvestStart & { latest?: string | null },
  previous: HarvestState | null,
  options: HarvestOptions,
  summary: HarvestSummary,
  sink: FileHandle | null,
): Promise<void> {
  const { source, report } = options;
  let batch: SourcePage[] = [];
  let latest = start.latest ?? null;
  for await (const page of source.pages(start)) {
    const deletions = page.changes.filter((change) => change.op === 'delete').length;
    summary.pages++;
    summary.records += page.changes.length;
    summary.deletions += deletions;
    summary.skipped += page.skipped.length;
    for (const skip of page.skipped) report(`page ${page.number}: skipped ${skip}`);
    report(
      `page ${page.number}: ${page.changes.length} records (${deletions} deletions)` +
        (page.next ? ', more to come' : ', the last'),
    );
    latest = newest([latest, page.latest]);
    if (sink) {
      await sink.write(page.changes.map((change) => `${changeLine(change)}\n`).join(''));
      continue;
    }
    batch.push(page);
    if (options.index && (batch.length >= options.pagesPerUpdate || !page.next)) {
      const state = nextState(previous, start, page.next, latest, batch);
      if (await worthPublishing(batch, state, previous, options.index.backend)) {
        await applyBatch(batch, state, options.index, source.key, summary, report);
        previous = state;
      }
      batch = [];
    }
  }
}

/** The state published with a batch: where to resume, or, after the last page, where to go on. */
function nextState(
  previous: HarvestState | null,
  start: HarvestStart,
  next: string | null,
  latest: string | null,
  batch: readonly SourcePage[],
): HarvestState {
  const records = batch.reduce((sum, page) => sum + page.changes.length, 0);
  const done = next === null;
  return {
    through: done ? newest([previous?.through ?? null, latest]) : (previous?.through ?? null),
    resume: done ? null : { token: next, from: start.from, until: start.until, latest },
    harvestedAt: new Date().toISOString(),
    records: (previous?.records ?? 0) + records,
  };
}

/**
 * A batch without changes is published only to move the state on, and only into an index that
 * exists: an empty answer (`noRecordsMatch`) leaves everything as it was.
 */
async function worthPublishing(
  batch: readonly SourcePage[],
  state: HarvestState,
  previous: HarvestState | null,
  backend: Backend,
): Promise<boolean> {
  if (batch.some((page) => page.changes.length > 0)) return true;
  if ((await backend.published()) === null) return false;
  const unmoved =
    state.resume === null && previous?.resume === null && state.through === previous.through;
  return !unmoved;
}

async function applyBatch(
  batch: SourcePage[],
  state: HarvestState,
  settings: ApplySettings,
  key: string,
  summary: HarvestSummary,
  report: (line: string) => void,
): Promise<void> {
  const changes: PaperChange[] = batch.flatMap((page) => page.changes);
  const pages = batch.map((page) => page.number);
  const applied = await runIngest({
    ...settings,
    inputs: [`harvest ${key}`],
    changes,
    harvest: { [key]: state },
  });
  const upserts = changes.length - changes.filter((c) => c.op === 'delete').length;
  const { added, changed, removed } = applied.diff;
  const diff = summary.diff as CorpusDiff;
  diff.added += added;
  diff.changed += changed;
  diff.removed += removed;
  diff.unchanged += Math.max(0, upserts - added - changed);
  summary.versions.push(applied.version);
  summary.state = state;
  report(
    `applied page${pages.length > 1 ? 's' : ''} ${pages.join(', ')} as ${applied.version}: ` +
      `added ${added}, changed ${changed}, removed ${removed}`,
  );
}

/** Where a run starts: the window asked, else an interrupted run's token, else the last date. */
function startOf(
  previous: HarvestState | null,
  options: Pick<HarvestOptions, 'from' | 'until'>,
): HarvestStart & { latest?: string | null } {
  if (options.from || options.until) {
    return { token: null, from: options.from ?? null, until: options.until ?? null };
  }
  if (previous?.resume) {
    const { token, from, until, latest } = previous.resume;
    return { token, from, until, latest };
  }
  return { token: null, from: previous?.through ?? null, until: null };
}

function describeStart(key: string, start: HarvestStart, previous: HarvestState | null): string {
  if (start.token)
    return `${key}: resuming an interrupted harvest (window from ${start.from ?? 'the beginning'})`;
  const window = `from ${start.from ?? 'the beginning'}${start.until ? ` until ${start.until}` : ''}`;
  return `${key}: harvesting ${window}${previous ? '' : ' (no earlier harvest)'}`;
}

/** The harvest state the published version holds for a source key (null when none). */
export async function harvestStateOf(backend: Backend, key: string): Promise<HarvestState | null> {
  return (await harvestStates(backend))[key] ?? null;
}

/** Every source's harvest state in the published version. */
export async function harvestStates(backend: Backend): Promise<HarvestStates> {
  const name = await backend.published();
  if (!name) return {};
  return (await backend.manifest(name)).harvest ?? {};
}
