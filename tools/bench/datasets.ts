import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exactNeighbours, scanNeighbours } from './ground-truth.js';
import { WORK_DIR } from './project-root.js';
import { recallAtK } from './recall.js';
import { round } from './stats.js';
import { ClusteredEmbeddings, type ClusteredParams } from './synthetic-embeddings.js';
import {
  ensureDir,
  readFloat32,
  readInt32,
  readJson,
  shortHash,
  writeJson,
  writeTyped,
} from './work-files.js';

/** How the vectors look: the numbers that say whether they resemble real embeddings. */
export interface DatasetShape {
  /** Mean cosine of a query and its nearest neighbour, and its 10th. */
  meanTop1: number;
  meanTop10: number;
  /** Mean cosine of unrelated pairs of base vectors. */
  meanRandomPair: number;
}

export interface DatasetMeta {
  key: string;
  label: string;
  source: Record<string, unknown>;
  count: number;
  dims: number;
  queries: number;
  /** Exact neighbours stored per query. */
  k: number;
  shape: DatasetShape;
  /** Recall of the stored exact neighbours against a plain scan, on a few queries: 1 expected. */
  truthCheck: { queries: number; recall: number };
  seconds: number;
}

export interface Dataset {
  dir: string;
  meta: DatasetMeta;
}

export interface LoadedDataset extends Dataset {
  base: Float32Array;
  queries: Float32Array;
  truth: Int32Array;
}

const META = 'meta.json';

/** Synthetic base and query vectors with their exact neighbours, generated once and cached. */
export async function syntheticDataset(
  params: ClusteredParams,
  count: number,
  queryCount: number,
  k: number,
): Promise<Dataset> {
  const key = `clustered-${shortHash(params)}-${count}-q${queryCount}`;
  return cachedDataset(key, () => {
    const generator = new ClusteredEmbeddings(params);
    return {
      label: `synthetic ${formatCount(count)}`,
      source: { generator: 'clustered', ...params },
      dims: params.dims,
      base: generator.points('base', count),
      queries: generator.points('queries', queryCount),
      k,
    };
  });
}

export interface DatasetInput {
  label: string;
  source: Record<string, unknown>;
  dims: number;
  base: Float32Array;
  queries: Float32Array;
  k: number;
}

/** Any vectors (e.g. an embedded corpus) under `key`; `make` runs only when not cached. */
export async function cachedDataset(
  key: string,
  make: () => DatasetInput | Promise<DatasetInput>,
): Promise<Dataset> {
  const dir = join(WORK_DIR, 'datasets', key);
  const cached = readJson<DatasetMeta>(join(dir, META));
  if (cached) return { dir, meta: cached };
  const startedAt = performance.now();
  const input = await make();
  const { dims } = input;
  const truth = await exactNeighbours(input.base, input.queries, dims, input.k);
  await ensureDir(dir);
  writeTyped(join(dir, 'base.f32'), input.base);
  writeTyped(join(dir, 'queries.f32'), input.queries);
  writeTyped(join(dir, 'truth.i32'), truth);
  const meta: DatasetMeta = {
    key,
    label: input.label,
    source: input.source,
    count: input.base.length / dims,
    dims,
    queries: input.queries.length / dims,
    k: input.k,
    shape: shapeOf(input.base, input.queries, truth, dims, input.k),
    truthCheck: checkTruth(input.base, input.queries, truth, dims, input.k),
    seconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)),
  };
  await writeJson(join(dir, META), meta);
  return { dir, meta };
}

export function loadDataset(dir: string): LoadedDataset {
  const meta = readJson<DatasetMeta>(join(dir, META));
  if (!meta || !existsSync(join(dir, 'base.f32'))) throw new Error(`no dataset in ${dir}`);
  return {
    dir,
    meta,
    base: readFloat32(join(dir, 'base.f32')),
    queries: readFloat32(join(dir, 'queries.f32')),
    truth: readInt32(join(dir, 'truth.i32')),
  };
}

function shapeOf(
  base: Float32Array,
  queries: Float32Array,
  truth: Int32Array,
  dims: number,
  k: number,
): DatasetShape {
  const q = queries.length / dims;
  const n = base.length / dims;
  const dot = (row: number, vector: Float32Array) => {
    let sum = 0;
    for (let d = 0; d < dims; d++) sum += base[row * dims + d] * vector[d];
    return sum;
  };
  let top1 = 0;
  let top10 = 0;
  for (let i = 0; i < q; i++) {
    const query = queries.subarray(i * dims, (i + 1) * dims);
    top1 += dot(truth[i * k], query);
    top10 += dot(truth[i * k + Math.min(k, 10) - 1], query);
  }
  // Fixed pseudo-random pairs (multiplicative hashing), so reruns agree.
  const pairs = Math.min(2000, n);
  let random = 0;
  for (let i = 0; i < pairs; i++) {
    const a = (i * 7919) % n;
    const b = ((i * 104729 + n / 2) % n) | 0;
    random += dot(b, base.subarray(a * dims, (a + 1) * dims));
  }
  return {
    meanTop1: round(top1 / q, 3),
    meanTop10: round(top10 / q, 3),
    meanRandomPair: round(random / pairs, 3),
  };
}

function checkTruth(
  base: Float32Array,
  queries: Float32Array,
  truth: Int32Array,
  dims: number,
  k: number,
): { queries: number; recall: number } {
  const checked = Math.min(20, queries.length / dims);
  const found = Array.from({ length: checked }, (_, i) =>
    scanNeighbours(base, dims, queries.subarray(i * dims, (i + 1) * dims), k),
  );
  return { queries: checked, recall: recallAtK(found, truth.subarray(0, checked * k), k, k) };
}

export function formatCount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
