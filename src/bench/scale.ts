import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../index/hnsw-params.js';
import { ensureBenchModel } from './bench-model.js';
import { runInChild } from './child-runner.js';
import { formatCount } from './datasets.js';
import { RESULTS_DIR } from './project-root.js';
import type { BenchResult } from './report.js';
import type { Benchmark } from './runner.js';
import {
  CORPUS_SEED,
  ensureCorpus,
  ensureSlice,
  ensureUpdatedCorpus,
  removeDerived,
  scaleDir,
  spreadSample,
} from './scale/corpus-files.js';
import { growthChart } from './scale/growth-chart.js';
import { measureHttp } from './scale/http-probe.js';
import type { ScaleIngestTask } from './scale/ingest-task.js';
import type {
  IngestRun,
  RecallRun,
  ServeRun,
  SizeResult,
  TransformerRun,
  UpdateRun,
} from './scale/measurements.js';
import { scaleNotes } from './scale/notes.js';
import type { ScaleRecallTask } from './scale/recall-task.js';
import { WARM_UP, type ScaleServeTask, type ServeSettings } from './scale/serve-task.js';
import * as tables from './scale/tables.js';
import { evaluateTargets, serviceRatioFloor } from './scale/targets.js';
import { buildWorkload } from './scale/workload.js';
import { readJson } from './work-files.js';

/** Three 1% updates one after another (recall is checked after them), then one of 0.1%. */
export const UPDATE_STEPS = [
  { label: '1% (1st)', share: 0.01 },
  { label: '1% (2nd)', share: 0.01 },
  { label: '1% (3rd)', share: 0.01 },
  { label: '0.1%', share: 0.001 },
] as const;
const RECALL_AFTER_STEP = 3;
/** efSearch values the recall check also tries on the version's graph, the default first. */
const RECALL_EFS = [...new Set([DEFAULT_HNSW_PARAMS.efSearch, 128, 256, 512])];
const CONNECTIONS = 8;
const TRANSFORMER_DTYPE = 'q8';

export const scaleBenchmark: Benchmark = {
  name: 'scale',
  title: 'Scale: the whole job against corpus size',
  async run(options, log) {
    const sizes = [...(options.sizes ?? (options.quick ? [10_000] : [10_000, 100_000, 1_000_000]))];
    sizes.sort((a, b) => a - b);
    const settings: ServeSettings = {
      calls: options.quick ? 200 : 300,
      rateSeconds: options.quick ? 2 : 5,
      connections: CONNECTIONS,
    };
    const transformerPapers = options.quick ? 500 : 10_000;
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await measureSize(size, settings, options.rebuild, log));
    const transformer = await measureTransformer(transformerPapers, log);
    const service = readJson<BenchResult>(join(RESULTS_DIR, 'service.json'));
    const floor = serviceRatioFloor(service);
    const targets = evaluateTargets(results, floor);
    return {
      parameters: {
        sizes,
        corpusSeed: CORPUS_SEED,
        embedder: 'lexical',
        ...settings,
        warmUpCalls: WARM_UP,
        updates: UPDATE_STEPS,
        transformer: { papers: transformerPapers, dtype: TRANSFORMER_DTYPE },
        hnsw: DEFAULT_HNSW_PARAMS,
        recallEfs: RECALL_EFS,
        exactBelow: DEFAULT_EXACT_BELOW,
        serviceRatioFloor: floor,
      },
      tables: [
        tables.ingestTable(results),
        tables.loadTable(results),
        tables.latencyTable(results, settings.calls),
        tables.httpTable(results, settings.connections),
        tables.updateTable(results),
        tables.recallTable(results),
        tables.transformerTable(transformer),
        tables.growthTable(results),
        tables.targetTable(targets),
      ],
      notes: scaleNotes({ settings, floor, quick: options.quick, transformerPapers }),
      data: { results, transformer, targets },
      figure:
        growthChart(
          sizes,
          tables.costSeries(results).filter((series) => series.charted),
        ) ?? undefined,
    };
  },
};

async function measureSize(
  size: number,
  settings: ServeSettings,
  rebuild: boolean,
  log: (line: string) => void,
): Promise<SizeResult> {
  const label = `${formatCount(size)} papers`;
  if (rebuild) await removeDerived(await ensureCorpus(size, log), UPDATE_STEPS.length);
  const corpus = await ensureCorpus(size, log);
  const root = join(await scaleDir(), `index-${size}`);
  await rm(root, { recursive: true, force: true });
  const ingest = (input: string, update: boolean) =>
    runInChild<IngestRun>({
      kind: 'scale-ingest',
      root,
      input,
      update,
      embedder: 'lexical',
    } satisfies ScaleIngestTask);

  log(`${label}: full ingest`);
  const full = await ingest(corpus, false);
  log(`${label}: ${full.seconds.toFixed(1)} s; load and latency in a fresh process`);
  const sample = await spreadSample(corpus, size, settings.calls + WARM_UP);
  const workload = buildWorkload(sample, CORPUS_SEED);
  const serve = await runInChild<ServeRun>({
    kind: 'scale-serve',
    root,
    workload,
    ...settings,
  } satisfies ScaleServeTask);
  log(`${label}: HTTP`);
  const http = await measureHttp(root, workload, settings);

  log(`${label}: recall@10 of the full build`);
  const recallNow = () =>
    runInChild<RecallRun>({
      kind: 'scale-recall',
      root,
      queries: workload.queries,
      efs: RECALL_EFS,
    } satisfies ScaleRecallTask);
  const built = await recallNow();

  const updates: UpdateRun[] = [];
  let updated: RecallRun | null = null;
  let current = { file: corpus, papers: size };
  for (const [i, step] of UPDATE_STEPS.entries()) {
    const next = await ensureUpdatedCorpus(current.file, current.papers, step.share, i + 1);
    log(`${label}: update ${step.label}`);
    const run = await ingest(next.file, true);
    const { changed, removed, added } = next.plan;
    updates.push({
      ...run,
      label: step.label,
      share: step.share,
      plan: { changed: changed.length, removed: removed.length, added },
    });
    current = next;
    if (i + 1 === RECALL_AFTER_STEP) {
      log(`${label}: recall@10 after ${RECALL_AFTER_STEP} updates`);
      updated = await recallNow();
    }
  }
  if (!updated) throw new Error('recall after the updates was not measured');
  return {
    papers: size,
    corpusBytes: statSync(corpus).size,
    full,
    serve,
    http,
    updates,
    recall: { built, updated },
  };
}

/** A full ingest of the first `papers` of the 10k corpus with the generated model. */
async function measureTransformer(
  papers: number,
  log: (line: string) => void,
): Promise<TransformerRun> {
  const model = await ensureBenchModel(log);
  const corpus = await ensureSlice(await ensureCorpus(10_000, log), papers);
  const root = join(await scaleDir(), 'index-transformer');
  await rm(root, { recursive: true, force: true });
  log(`transformer path: ${formatCount(papers)} papers, ${TRANSFORMER_DTYPE}`);
  const run = await runInChild<IngestRun>({
    kind: 'scale-ingest',
    root,
    input: corpus,
    update: false,
    embedder: 'transformer',
    model,
    dtype: TRANSFORMER_DTYPE,
  } satisfies ScaleIngestTask);
  return { ...run, model, dtype: TRANSFORMER_DTYPE };
}
