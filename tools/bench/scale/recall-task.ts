import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { IndexVersion } from '../../../src/index/backend.js';
import { embeddedBackend } from '../../../src/index/backends.js';
import { GRAPH_FILE } from '../../../src/index/embedded/version-files.js';
import { createLogger } from '../../../src/logger.js';
import { NotFoundError } from '../../../src/search/errors.js';
import { exactNeighbours } from '../ground-truth.js';
import { loadLikeServe } from '../load-like-serve.js';
import { epsilonRecallAtK, recallAtK } from '../recall.js';
import { RECALL_EPSILON, type RecallRun, type RecallSet } from './measurements.js';

/**
 * Recall@10 of the served index against an exact scan over the same version's live vectors
 * (read through the storage seams), for free-text search and for related-by-id in semantic
 * mode; then the version's graph file searched at other efSearch values, to show what a
 * setting would buy.
 */
export interface ScaleRecallTask {
  kind: 'scale-recall';
  root: string;
  queries: string[];
  relatedIds: string[];
  efs: number[];
}

const K = 10;
const PAGE = 10_000;

/** One kind of query: its vectors, the service's answers, and the paper rows to leave out. */
interface QuerySet {
  vectors: Float32Array[];
  served: string[][];
  /** The query paper's own row (related), left out of its exact neighbours. */
  self?: number[];
}

interface Exact {
  version: string;
  dims: number;
  rowOfId: Map<string, number>;
  rowOfLabel: Map<number, number>;
  graphFile: string | null;
  /** The live vectors, one row per paper. */
  base: Float32Array;
}

export async function runScaleRecallTask(task: ScaleRecallTask): Promise<RecallRun> {
  const answers = await servedAnswers(task);
  const exact = await liveIndex(task.root);
  const rowsOf = <T>(found: T[][], rowOf: Map<T, number>) =>
    found.map((keys) => keys.map((key) => rowOf.get(key) ?? -1));
  const related: QuerySet = {
    vectors: answers.relatedIds.map((id) => rowVector(exact, exact.rowOfId.get(id))),
    served: answers.related,
    self: answers.relatedIds.map((id) => exact.rowOfId.get(id) ?? -1),
  };
  const sets = { search: answers.search, related };
  const truth = {
    search: await truthOf(exact, sets.search),
    related: await truthOf(exact, sets.related),
  };
  const graph = exact.graphFile ? await openGraph(exact.graphFile, exact.dims) : null;
  const measure = (name: 'search' | 'related'): RecallSet => ({
    queries: sets[name].vectors.length,
    recallAt10: recallAtK(rowsOf(sets[name].served, exact.rowOfId), truth[name], K, K),
    epsilonRecallAt10: epsilonRecallAtK(
      rowsOf(sets[name].served, exact.rowOfId),
      truth[name],
      sets[name].vectors,
      exact.base,
      exact.dims,
      K,
      RECALL_EPSILON,
    ),
    sweep: graph
      ? task.efs.map((ef) => {
          const set = sets[name];
          const { found, meanMs } = searchGraph(graph, ef, set);
          const rows = rowsOf(found, exact.rowOfLabel).map((r, q) =>
            r.filter((row) => row !== set.self?.[q]).slice(0, K),
          );
          return { ef, recallAt10: recallAtK(rows, truth[name], K, K), meanMs };
        })
      : [],
  });
  return { version: exact.version, search: measure('search'), related: measure('related') };
}

/** The service's semantic answers to the free-text queries it can embed and the related ids. */
async function servedAnswers(task: ScaleRecallTask) {
  const loaded = await loadLikeServe(task.root);
  try {
    const embedder = loaded.embedding?.embedder;
    if (!embedder) throw new Error('the loaded index has no query embedder');
    const search: QuerySet = { vectors: [], served: [] };
    for (const text of task.queries) {
      // A query none of whose words the lexical model knows has no vector to recall.
      const vector = await embedder.embedQuery(text).catch(() => null);
      if (!vector) continue;
      search.vectors.push(vector);
      const hits = await loaded.service.search(text, { k: K, mode: 'semantic' });
      search.served.push(hits.map((hit) => hit.id));
    }
    const related: string[][] = [];
    const relatedIds: string[] = [];
    for (const id of task.relatedIds) {
      // After the updates some of the papers are gone.
      const hits = await loaded.service
        .related(id, { k: K, mode: 'semantic' })
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        });
      if (!hits) continue;
      relatedIds.push(id);
      related.push(hits.map((hit) => hit.id));
    }
    return { search, related, relatedIds };
  } finally {
    await loaded.close();
  }
}

/** Every live paper's vector, one row each, and where each paper id and label lives. */
async function liveIndex(root: string): Promise<Exact> {
  const version = await embeddedBackend(root, createLogger('silent')).open();
  try {
    const { base, ids, labels } = await liveVectors(version);
    return {
      version: version.name,
      dims: version.vectors.dims,
      rowOfId: new Map(ids.map((id, row) => [id, row])),
      rowOfLabel: new Map(labels.map((label, row) => [label, row])),
      graphFile: version.manifest.search === 'hnsw' ? join(root, version.name, GRAPH_FILE) : null,
      base,
    };
  } finally {
    await version.close();
  }
}

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

function rowVector(exact: Exact, row: number | undefined): Float32Array {
  if (row === undefined) throw new Error('a related query names a paper the version lacks');
  return exact.base.slice(row * exact.dims, (row + 1) * exact.dims);
}

/** The exact K best rows per query, the query paper itself left out. */
async function truthOf(exact: Exact, set: QuerySet): Promise<Int32Array> {
  const { dims } = exact;
  const queries = new Float32Array(set.vectors.length * dims);
  set.vectors.forEach((vector, i) => queries.set(vector, i * dims));
  const rows = await exactNeighbours(exact.base, queries, dims, K + 1);
  const truth = new Int32Array(set.vectors.length * K);
  set.vectors.forEach((_, q) => {
    const best = Array.from(rows.subarray(q * (K + 1), (q + 1) * (K + 1)));
    const own = set.self ? best.indexOf(set.self[q]) : -1;
    truth.set((own >= 0 ? best.filter((_, i) => i !== own) : best).slice(0, K), q * K);
  });
  return truth;
}

type Graph = InstanceType<typeof hnswlib.HierarchicalNSW>;

async function openGraph(file: string, dims: number): Promise<Graph> {
  const graph = new hnswlib.HierarchicalNSW('ip', dims);
  await graph.readIndex(file, true);
  return graph;
}

/** The graph searched as the product searches it (inner product, one extra for related). */
function searchGraph(
  graph: Graph,
  ef: number,
  set: QuerySet,
): { found: number[][]; meanMs: number } {
  const k = set.self ? K + 1 : K;
  graph.setEf(Math.max(ef, k));
  const startedAt = performance.now();
  const found = set.vectors.map((vector) => graph.searchKnn(Array.from(vector), k).neighbors);
  const meanMs = (performance.now() - startedAt) / set.vectors.length;
  return { found, meanMs };
}
