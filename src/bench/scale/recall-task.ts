import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { IndexVersion } from '../../index/backend.js';
import { embeddedBackend } from '../../index/backends.js';
import { GRAPH_FILE } from '../../index/embedded/version-files.js';
import { createLogger } from '../../logger.js';
import { exactNeighbours } from '../ground-truth.js';
import { loadLikeServe } from '../load-like-serve.js';
import { recallAtK } from '../recall.js';
import type { RecallRun } from './measurements.js';

/**
 * Recall@10 of the served index: semantic free-text search through the service, against an
 * exact scan over the same version's live vectors (read through the storage seams); then the
 * version's graph file searched at other efSearch values, to show what a setting would buy.
 */
export interface ScaleRecallTask {
  kind: 'scale-recall';
  root: string;
  queries: string[];
  efs: number[];
}

const K = 10;
const PAGE = 10_000;

interface Truth {
  version: string;
  dims: number;
  /** The exact scan's K best rows per query, best first. */
  rows: Int32Array;
  rowOfId: Map<string, number>;
  rowOfLabel: Map<number, number>;
  graphFile: string | null;
}

export async function runScaleRecallTask(task: ScaleRecallTask): Promise<RecallRun> {
  const { queries, vectors, served } = await servedAnswers(task.root, task.queries);
  const truth = await exactTruth(task.root, vectors);
  const recallOf = <T>(found: T[][], rowOf: Map<T, number>) =>
    recallAtK(
      found.map((keys) => keys.map((key) => rowOf.get(key) ?? -1)),
      truth.rows,
      K,
      K,
    );
  return {
    version: truth.version,
    queries: queries.length,
    recallAt10: recallOf(served, truth.rowOfId),
    sweep: truth.graphFile
      ? await sweepEf(truth.graphFile, truth.dims, vectors, task.efs, (found) =>
          recallOf(found, truth.rowOfLabel),
        )
      : [],
  };
}

/** The queries the embedder can place, their vectors and the service's semantic answers. */
async function servedAnswers(root: string, texts: string[]) {
  const loaded = await loadLikeServe(root);
  try {
    const embedder = loaded.embedding?.embedder;
    if (!embedder) throw new Error('the loaded index has no query embedder');
    const queries: string[] = [];
    const vectors: Float32Array[] = [];
    const served: string[][] = [];
    for (const text of texts) {
      // A query none of whose words the lexical model knows has no vector to recall.
      const vector = await embedder.embedQuery(text).catch(() => null);
      if (!vector) continue;
      queries.push(text);
      vectors.push(vector);
      const hits = await loaded.service.search(text, { k: K, mode: 'semantic' });
      served.push(hits.map((hit) => hit.id));
    }
    return { queries, vectors, served };
  } finally {
    await loaded.close();
  }
}

async function exactTruth(root: string, queries: Float32Array[]): Promise<Truth> {
  const version = await embeddedBackend(root, createLogger('silent')).open();
  try {
    const dims = version.vectors.dims;
    const live = await liveVectors(version);
    return {
      version: version.name,
      dims,
      rows: await exactNeighbours(live.base, concat(queries, dims), dims, K),
      rowOfId: new Map(live.ids.map((id, row) => [id, row])),
      rowOfLabel: new Map(live.labels.map((label, row) => [label, row])),
      graphFile: version.manifest.search === 'hnsw' ? join(root, version.name, GRAPH_FILE) : null,
    };
  } finally {
    await version.close();
  }
}

/** Every live paper's vector, one row each, with its paper id and label. */
async function liveVectors(version: IndexVersion) {
  const dims = version.vectors.dims;
  const base = new Float32Array((await version.records.count()) * dims);
  const ids: string[] = [];
  const labels: number[] = [];
  const { nextLabel } = version.manifest;
  for (let start = 0; start < nextLabel; start += PAGE) {
    const page = Array.from({ length: Math.min(PAGE, nextLabel - start) }, (_, i) => start + i);
    const papers = await version.records.byLabels(page);
    const found = await version.vectors.vectorsOf(papers.map((p) => p.label));
    papers.forEach((paper, i) => {
      const vector = found[i];
      if (!vector) throw new Error(`paper ${paper.id} has no vector`);
      base.set(vector, ids.length * dims);
      ids.push(paper.id);
      labels.push(paper.label);
    });
  }
  return { base, ids, labels };
}

/** The graph file searched as the product searches it (inner product, k = 10) at each ef. */
async function sweepEf(
  file: string,
  dims: number,
  queries: Float32Array[],
  efs: number[],
  recall: (found: number[][]) => number,
): Promise<RecallRun['sweep']> {
  const graph = new hnswlib.HierarchicalNSW('ip', dims);
  await graph.readIndex(file, true);
  return efs.map((ef) => {
    graph.setEf(Math.max(ef, K));
    const startedAt = performance.now();
    const found = queries.map((query) => graph.searchKnn(Array.from(query), K).neighbors);
    const meanMs = (performance.now() - startedAt) / queries.length;
    return { ef, recallAt10: recall(found), meanMs };
  });
}

function concat(vectors: Float32Array[], dims: number): Float32Array {
  const out = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => out.set(vector, i * dims));
  return out;
}
