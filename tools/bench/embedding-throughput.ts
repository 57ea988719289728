import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Paper } from '../../src/corpus/paper.js';
import { documentText } from '../../src/corpus/paper.js';
import { batchesByLength } from '../../src/embed/length-batches.js';
import { assertModelFiles, onnxFileFor, type ModelDtype } from '../../src/embed/model-files.js';
import { onnxThreads, TransformerEmbedder } from '../../src/embed/transformer-embedder.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { runIngest, type IngestSummary } from '../../src/ingest/ingest-job.js';
import { createLogger } from '../../src/logger.js';
import { ensureBenchModel, MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { WORK_DIR } from './project-root.js';
import type { Cell } from '../../src/results/report.js';
import type { Benchmark } from './runner.js';
import { readSamplePapers } from './sample-vectors.js';
import { median, repeat, round } from './stats.js';
import { ensureDir } from './work-files.js';
import { rm } from 'node:fs/promises';

const BATCH = 32;
/** One ONNX Runtime thread per core, in the product and in the ceiling alike. */
const THREADS = onnxThreads(0);
const DTYPES: ModelDtype[] = ['fp32', 'q8'];
const TARGET_RATIO = 0.9;
const TARGET_Q8_SPEEDUP = 1.8;

interface Throughput {
  /** Bare session on length-grouped batches: the ceiling. */
  ceiling: number;
  /** Bare session on batches in corpus order, to show what grouping saves. */
  ungrouped: number;
  /** Bare session with onnxruntime-node's default threading, to show what setting it saves. */
  runtimeDefaultThreads: number;
  embedder: number;
  /** Whole ingest job (read, SQLite, model load, embed, HNSW inserts, save, publish). */
  job: number;
  /** The same job less the model load, a one-off that a larger corpus spreads thinner. */
  jobWithoutLoad: number;
  /** The same job counting only the embedding calls inside it. */
  jobEmbedPhase: number;
  /** Seconds the job spent loading the model, and their share of the whole job. */
  modelLoadSeconds: number;
  modelLoadShare: number;
  paddingGrouped: number;
  paddingUngrouped: number;
}

export const embeddingBenchmark: Benchmark = {
  name: 'embedding',
  title: 'Embedding throughput: the ingest pipeline against bare ONNX Runtime',
  async run(options, log) {
    const model = await ensureBenchModel(log);
    const all = await readSamplePapers();
    // Quick mode keeps every eighth paper, so the length mix stays the corpus's.
    const papers = options.quick ? all.filter((_, i) => i % 8 === 0) : all;
    const corpus = options.quick ? await writeSubset(papers) : SAMPLE_CORPUS;
    const runs = options.runs ?? (options.quick ? 1 : 3);
    const results = new Map<ModelDtype, Throughput>();
    for (const dtype of DTYPES) {
      log(`${dtype}: ${papers.length} papers, ${runs} runs each`);
      results.set(dtype, await measureDtype(model, dtype, papers, corpus, runs));
    }
    const rows: Cell[][] = [...results].flatMap(([dtype, t]) =>
      pathsOf(t).map(([path, docsPerSecond, padding]) => [
        dtype,
        path,
        round(docsPerSecond, 1),
        round(docsPerSecond / t.ceiling, 3),
        padding === null ? null : round(padding, 3),
      ]),
    );
    const fp32 = results.get('fp32')!;
    const q8 = results.get('q8')!;
    return {
      parameters: { papers: papers.length, batch: BATCH, threads: THREADS, runs, model },
      tables: [
        {
          title: 'Documents per second (median of runs) and share of the ceiling',
          columns: ['dtype', 'path', 'docs/s', 'of ceiling', 'padding share'],
          rows,
        },
        {
          title: 'Model load in the ingest job (median of runs)',
          columns: ['dtype', 'load s', 'share of the whole job'],
          rows: [...results].map(([dtype, t]) => [
            dtype,
            round(t.modelLoadSeconds, 2),
            round(t.modelLoadShare, 3),
          ]),
        },
        {
          title: 'Targets',
          columns: ['target', 'measured', 'met'],
          rows: [
            ...DTYPES.map((dtype) => {
              const t = results.get(dtype)!;
              const ratio = t.job / t.ceiling;
              return [
                `${dtype}: whole ingest job >= ${TARGET_RATIO} of ceiling`,
                round(ratio, 3),
                ratio >= TARGET_RATIO ? 'yes' : 'no',
              ];
            }),
            [
              `q8 ceiling >= ${TARGET_Q8_SPEEDUP}x fp32`,
              round(q8.ceiling / fp32.ceiling, 2),
              q8.ceiling / fp32.ceiling >= TARGET_Q8_SPEEDUP ? 'yes' : 'no',
            ],
            [
              `q8 ingest job >= ${TARGET_Q8_SPEEDUP}x fp32`,
              round(q8.job / fp32.job, 2),
              q8.job / fp32.job >= TARGET_Q8_SPEEDUP ? 'yes' : 'no',
            ],
          ],
        },
      ],
      notes: [
        'All paths embed the same texts (title. abstract) with the same token ids: the ceiling ' +
          'tokenises with the embedder before timing and runs only the ONNX session.',
        `The ceiling session and the product both run ${THREADS} intra-op thread(s), one per core; ` +
          "onnxruntime-node's default thread count is shown for comparison.",
        '"padding share" is the fraction of token positions in the batches that are padding.',
        'The whole ingest job includes reading the JSONL, SQLite writes, loading the model, HNSW ' +
          'inserts (exact-index threshold set to 0 so the graph is always built) and publishing; ' +
          'on a corpus this small, the fixed costs weigh more than on a large one.',
      ],
    };
  },
};

/** Each measured path: its name, docs/s and the padding share of its batches (null: not seen). */
function pathsOf(t: Throughput): Array<[string, number, number | null]> {
  return [
    ['ONNX Runtime session, length-grouped batches (ceiling)', t.ceiling, t.paddingGrouped],
    ['ONNX Runtime session, batches in corpus order', t.ungrouped, t.paddingUngrouped],
    [
      "ONNX Runtime session, the runtime's default thread count",
      t.runtimeDefaultThreads,
      t.paddingGrouped,
    ],
    ['TransformerEmbedder.embedDocuments', t.embedder, t.paddingGrouped],
    ['ingest job, embedding phase', t.jobEmbedPhase, null],
    ['ingest job less the model load', t.jobWithoutLoad, null],
    ['ingest job, whole', t.job, null],
  ];
}

async function measureDtype(
  model: string,
  dtype: ModelDtype,
  papers: Paper[],
  corpus: string,
  runs: number,
): Promise<Throughput> {
  const settings = { model, modelsDir: MODELS_DIR, dtype, batchSize: BATCH, threads: THREADS };
  const embedder = await TransformerEmbedder.load(settings);
  try {
    const prefix = embedder.spec().usage.documentPrefix;
    const tokens = papers.map((paper) => embedder.encode(prefix + documentText(paper)));
    const grouped = batchesByLength(
      tokens.map((t) => t.length),
      BATCH,
    );
    const inOrder = chunks(papers.length, BATCH);
    const onnxFile = join(assertModelFiles(MODELS_DIR, model, dtype), onnxFileFor(dtype));
    const session = await InferenceSession.create(onnxFile, {
      intraOpNumThreads: THREADS,
      interOpNumThreads: 1,
    });
    const defaultSession = await InferenceSession.create(onnxFile);
    const docsPerSecond = (seconds: number[]) => papers.length / median(seconds);
    try {
      const groupedFeeds = feeds(session, tokens, grouped);
      const orderFeeds = feeds(session, tokens, inOrder);
      await runAll(session, groupedFeeds.slice(0, 2)); // warm-up
      const ceiling = docsPerSecond(await repeat(runs, () => runAll(session, groupedFeeds)));
      const ungrouped = docsPerSecond(await repeat(runs, () => runAll(session, orderFeeds)));
      await runAll(defaultSession, groupedFeeds.slice(0, 2));
      const runtimeDefaultThreads = docsPerSecond(
        await repeat(runs, () => runAll(defaultSession, groupedFeeds)),
      );
      const embed = docsPerSecond(
        await repeat(runs, async () => {
          const startedAt = performance.now();
          await embedder.embedDocuments(papers);
          return (performance.now() - startedAt) / 1000;
        }),
      );
      const jobs = await repeat(runs, () => ingestOnce(corpus, settings));
      return {
        ceiling,
        ungrouped,
        runtimeDefaultThreads,
        embedder: embed,
        job: median(jobs.map((j) => j.ingested / j.seconds)),
        jobWithoutLoad: median(jobs.map((j) => j.ingested / (j.seconds - j.embedderLoadSeconds))),
        jobEmbedPhase: median(jobs.map((j) => j.ingested / j.embedSeconds)),
        modelLoadSeconds: median(jobs.map((j) => j.embedderLoadSeconds)),
        modelLoadShare: median(jobs.map((j) => j.embedderLoadSeconds / j.seconds)),
        paddingGrouped: paddingShare(tokens, grouped),
        paddingUngrouped: paddingShare(tokens, inOrder),
      };
    } finally {
      await session.release();
      await defaultSession.release();
    }
  } finally {
    await embedder.dispose();
  }
}

type Feeds = Record<string, Tensor>;

/** Input tensors for every batch, built before any timing starts. */
function feeds(session: InferenceSession, tokens: number[][], batches: number[][]): Feeds[] {
  return batches.map((batch) => {
    const seq = Math.max(...batch.map((i) => tokens[i].length));
    const ids = new BigInt64Array(batch.length * seq);
    const mask = new BigInt64Array(batch.length * seq);
    batch.forEach((item, b) =>
      tokens[item].forEach((token, t) => {
        ids[b * seq + t] = BigInt(token);
        mask[b * seq + t] = 1n;
      }),
    );
    const dims = [batch.length, seq];
    const feed: Feeds = {
      input_ids: new Tensor('int64', ids, dims),
      attention_mask: new Tensor('int64', mask, dims),
    };
    if (session.inputNames.includes('token_type_ids')) {
      feed.token_type_ids = new Tensor('int64', new BigInt64Array(ids.length), dims);
    }
    return feed;
  });
}

async function runAll(session: InferenceSession, batches: Feeds[]): Promise<number> {
  const startedAt = performance.now();
  for (const feed of batches) await session.run(feed);
  return (performance.now() - startedAt) / 1000;
}

async function ingestOnce(
  corpus: string,
  model: Parameters<typeof TransformerEmbedder.load>[0],
): Promise<IngestSummary> {
  const indexRoot = join(WORK_DIR, 'embedding', 'index');
  await rm(indexRoot, { recursive: true, force: true });
  await ensureDir(indexRoot);
  const log = createLogger('silent');
  return runIngest({
    inputs: [corpus],
    backend: embeddedBackend(indexRoot, log),
    embedder: 'transformer',
    model,
    hnsw: DEFAULT_HNSW_PARAMS,
    exactBelow: 0,
    keepVersions: 1,
    strict: false,
    log,
    progress: { start() {}, update() {}, stop() {} },
  });
}

function chunks(count: number, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i += size)
    out.push(Array.from({ length: Math.min(size, count - i) }, (_, j) => i + j));
  return out;
}

function paddingShare(tokens: number[][], batches: number[][]): number {
  let real = 0;
  let total = 0;
  for (const batch of batches) {
    const seq = Math.max(...batch.map((i) => tokens[i].length));
    total += seq * batch.length;
    for (const i of batch) real += tokens[i].length;
  }
  return 1 - real / total;
}

async function writeSubset(papers: Paper[]): Promise<string> {
  const file = join(await ensureDir(join(WORK_DIR, 'embedding')), `papers-${papers.length}.jsonl`);
  await writeFile(file, papers.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return file;
}
