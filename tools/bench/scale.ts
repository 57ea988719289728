import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { ensureBenchModel } from './bench-model.js';
import { formatCount } from './datasets.js';
import { RESULTS_DIR } from './project-root.js';
import type { BenchResult } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { CORPUS_SEED, ensureCorpus, ensureSlice, scaleDir } from './scale/corpus-files.js';
import { growthChart } from './scale/growth-chart.js';
import type { SizeResult, TransformerRun } from './scale/measurements.js';
import { scaleNotes } from './scale/notes.js';
import { WARM_UP, type ServeSettings } from './scale/serve-task.js';
import {
  ingestInChild,
  measureSize,
  RECALL_EFS,
  SWITCH_SHARE,
  UPDATE_STEPS,
} from './scale/size-run.js';
import * as tables from './scale/tables.js';
import { evaluateTargets, serviceRatioFloor } from './scale/targets.js';
import { readJson } from './work-files.js';

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
    const transformerPapers = options.quick ? 200 : 10_000;
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
        switchShare: SWITCH_SHARE,
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
        tables.switchTable(results),
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
  const run = await ingestInChild(root, corpus, false, {
    embedder: 'transformer',
    model,
    dtype: TRANSFORMER_DTYPE,
  });
  return { ...run, model, dtype: TRANSFORMER_DTYPE };
}
