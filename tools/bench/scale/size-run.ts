import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_HNSW_PARAMS } from '../../../src/index/hnsw-params.js';
import { runInChild } from '../child-runner.js';
import { formatCount } from '../datasets.js';
import {
  CORPUS_SEED,
  ensureCorpus,
  ensureUpdatedCorpus,
  removeDerived,
  scaleDir,
  spreadSample,
} from './corpus-files.js';
import { measureHttp } from './http-probe.js';
import type { ScaleIngestTask } from './ingest-task.js';
import type {
  IngestRun,
  RecallRun,
  ServeRun,
  SizeResult,
  SwitchRun,
  UpdateRun,
} from './measurements.js';
import type { ScaleSwitchTask } from './switch-task.js';
import type { ScaleRecallTask } from './recall-task.js';
import { WARM_UP, type ScaleServeTask, type ServeSettings } from './serve-task.js';
import { buildWorkload, type Workload } from './workload.js';

/** Three 1% updates one after another (recall is checked after them), then one of 0.1%. */
export const UPDATE_STEPS = [
  { label: '1% (1st)', share: 0.01 },
  { label: '1% (2nd)', share: 0.01 },
  { label: '1% (3rd)', share: 0.01 },
  { label: '0.1%', share: 0.001 },
] as const;
const RECALL_AFTER_STEP = 3;
/** After the updates, one more of this share is applied while a serving process switches to it. */
export const SWITCH_SHARE = 0.001;
/** efSearch values the recall check also tries on the version's graph, the default first. */
export const RECALL_EFS = [...new Set([DEFAULT_HNSW_PARAMS.efSearch, 128, 256, 512])];

type Log = (line: string) => void;

/**
 * Everything measured at one corpus size, each step in a child process of its own: the full
 * build, serving it (in process and over HTTP), its recall, then the updates on the same root.
 */
export async function measureSize(
  size: number,
  settings: ServeSettings,
  rebuild: boolean,
  log: Log,
): Promise<SizeResult> {
  const say = (line: string) => log(`${formatCount(size)} papers: ${line}`);
  if (rebuild) await removeDerived(await ensureCorpus(size, log), UPDATE_STEPS.length);
  const corpus = await ensureCorpus(size, log);
  const root = join(await scaleDir(), `index-${size}`);
  await rm(root, { recursive: true, force: true });

  say('full ingest');
  const full = await ingestInChild(root, corpus, false);
  say(`${full.seconds.toFixed(1)} s; load and latency in a fresh process`);
  const workload = buildWorkload(
    await spreadSample(corpus, size, settings.calls + WARM_UP),
    CORPUS_SEED,
  );
  const serve = await runInChild<ServeRun>({
    kind: 'scale-serve',
    root,
    workload,
    ...settings,
  } satisfies ScaleServeTask);
  say('HTTP');
  const http = await measureHttp(root, workload, settings);
  say('recall@10 of the full build');
  const built = await recallInChild(root, workload);
  const { updates, updated, last } = await runUpdates(
    root,
    { file: corpus, papers: size },
    workload,
    say,
  );
  say(`a serving process switching to a ${SWITCH_SHARE * 100}% update`);
  const next = await ensureUpdatedCorpus(
    last.file,
    last.papers,
    SWITCH_SHARE,
    UPDATE_STEPS.length + 1,
  );
  const switched = await runInChild<SwitchRun>({
    kind: 'scale-switch',
    root,
    changes: next.changes,
    queries: workload.queries,
  } satisfies ScaleSwitchTask);
  return {
    papers: size,
    corpusBytes: statSync(corpus).size,
    full,
    serve,
    http,
    updates,
    switch: switched,
    recall: { built, updated },
  };
}

export function ingestInChild(
  root: string,
  input: string,
  update: boolean,
  job: Pick<ScaleIngestTask, 'embedder' | 'model' | 'dtype' | 'graphOnWorker'> = {
    embedder: 'lexical',
  },
): Promise<IngestRun> {
  return runInChild<IngestRun>({
    kind: 'scale-ingest',
    root,
    input,
    update,
    ...job,
  } satisfies ScaleIngestTask);
}

export function recallInChild(root: string, workload: Workload): Promise<RecallRun> {
  return runInChild<RecallRun>({
    kind: 'scale-recall',
    root,
    queries: workload.queries,
    relatedIds: workload.relatedIds,
    efs: RECALL_EFS,
  } satisfies ScaleRecallTask);
}

/** Each update step on the corpus the previous one left, with recall after the third. */
async function runUpdates(
  root: string,
  base: { file: string; papers: number },
  workload: Workload,
  say: Log,
): Promise<{ updates: UpdateRun[]; updated: RecallRun; last: { file: string; papers: number } }> {
  const updates: UpdateRun[] = [];
  let updated: RecallRun | null = null;
  let current = base;
  for (const [i, step] of UPDATE_STEPS.entries()) {
    const next = await ensureUpdatedCorpus(current.file, current.papers, step.share, i + 1);
    say(`update ${step.label}`);
    // A change list, as a harvest writes it: the base is not read again.
    const run = await runInChild<IngestRun>({
      kind: 'scale-ingest',
      root,
      input: next.changes,
      changes: true,
      update: true,
      embedder: 'lexical',
    } satisfies ScaleIngestTask);
    const { changed, removed, added } = next.plan;
    updates.push({
      ...run,
      label: step.label,
      share: step.share,
      plan: { changed: changed.length, removed: removed.length, added },
    });
    current = next;
    if (i + 1 === RECALL_AFTER_STEP) {
      say(`recall@10 after ${RECALL_AFTER_STEP} updates`);
      updated = await recallInChild(root, workload);
    }
  }
  if (!updated) throw new Error('recall after the updates was not measured');
  return { updates, updated, last: current };
}
