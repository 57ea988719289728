import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type Paper, fromPaperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { embeddedBackend, openBackend } from '../../src/index/backends.js';
import { runIngest } from '../../src/ingest/ingest-job.js';
import { IndexHolder, type LoadedIndex } from '../../src/serving/index-holder.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import type { BatchObserver } from '../../src/serving/query-batcher.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export const SAMPLE_CORPUS = fileURLToPath(
  new URL('../../data/sample/papers.jsonl', import.meta.url),
);

export const silentLog = pino({ level: 'silent' });

export const CATEGORIES = ['cs.LG', 'cs.CL', 'cs.CV', 'stat.ML'];
export const AUTHORS = Array.from({ length: 12 }, (_, i) => `Author Number${i}`);

export interface BuildOptions {
  embedder: 'lexical' | 'transformer';
  /** For the transformer: the models root and model id. */
  modelsDir?: string;
  model?: string;
  /** 0 forces an HNSW graph even for the small sample (the default would scan exactly). */
  exactBelow?: number;
  /** Add deterministic categories and authors, which the sample lacks, for filter tests. */
  facets?: boolean;
}

export interface TestIndex {
  root: string;
  papers: Paper[];
  cleanup(): Promise<void>;
}

/** Builds and publishes a real index from the sample corpus in a temporary directory. */
export async function buildTestIndex(options: BuildOptions): Promise<TestIndex> {
  const temp = await makeTempDir('paper-search-index-');
  try {
    const papers = await readSample(options.facets ?? false);
    const corpus = join(temp.dir, 'papers.jsonl');
    await writeFile(corpus, papers.map((p) => JSON.stringify(p)).join('\n'));
    const root = join(temp.dir, 'index');
    await runIngest({
      inputs: [corpus],
      backend: embeddedBackend(root, silentLog),
      embedder: options.embedder,
      model: {
        model: options.model ?? 'none',
        modelsDir: options.modelsDir ?? join(temp.dir, 'models'),
        dtype: 'fp32',
        batchSize: 32,
        threads: 1,
      },
      hnsw: DEFAULT_HNSW_PARAMS,
      exactBelow: options.exactBelow ?? 0,
      keepVersions: 2,
      strict: false,
      log: silentLog,
      progress: { start() {}, update() {}, stop() {} },
    });
    return { root, papers, cleanup: temp.cleanup };
  } catch (error) {
    await temp.cleanup();
    throw error;
  }
}

export interface OpenOptions {
  modelsDir?: string;
  filterScanBelow?: number;
  onEmbedBatch?: BatchObserver;
}

/** The embedded backend over `root`, with a chosen filter scan threshold. */
export function testBackend(root: string, filterScanBelow = 2000) {
  return openBackend({ backend: 'embedded', index: root }, { filterScanBelow, log: silentLog });
}

export async function openTestIndex(root: string, options: OpenOptions = {}): Promise<LoadedIndex> {
  return loadIndex(
    await testBackend(root, options.filterScanBelow),
    {
      model: { modelsDir: options.modelsDir ?? 'models', batchSize: 32, threads: 1 },
      queryBatch: 16,
      filterScanBelow: options.filterScanBelow ?? 2000,
      onEmbedBatch: options.onEmbedBatch,
    },
    silentLog,
  );
}

/** A holder with the index at `root` loaded, as the server has it. */
export async function loadedHolder(
  root: string,
  options: Omit<OpenOptions, 'filterScanBelow'> = {},
): Promise<IndexHolder> {
  const holder = new IndexHolder(await testBackend(root), () => openTestIndex(root, options));
  await holder.load();
  return holder;
}

/** The sample's papers, with deterministic categories and authors added when `facets`. */
export async function readSample(facets: boolean): Promise<Paper[]> {
  const lines = (await readFile(SAMPLE_CORPUS, 'utf8')).trim().split('\n');
  const papers = lines.map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));
  return facets ? papers.map(withFacets) : papers;
}

function withFacets(paper: Paper, i: number): Paper {
  return {
    ...paper,
    categories: [CATEGORIES[i % CATEGORIES.length]],
    authors: [AUTHORS[i % AUTHORS.length], AUTHORS[(i * 7 + 3) % AUTHORS.length]],
  };
}

/** A suite's lexical sample index, opened as serve opens it before its tests, removed after. */
export function useLexicalIndex(): { index: TestIndex; loaded: LoadedIndex } {
  const context = {} as { index: TestIndex; loaded: LoadedIndex };
  beforeAll(async () => {
    context.index = await buildTestIndex({ embedder: 'lexical' });
    context.loaded = await openTestIndex(context.index.root);
  });
  afterAll(async () => {
    await context.loaded?.close();
    await context.index?.cleanup();
  });
  return context;
}
