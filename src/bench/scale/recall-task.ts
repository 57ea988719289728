import type { IndexVersion } from '../../index/backend.js';
import { embeddedBackend } from '../../index/backends.js';
import { createLogger } from '../../logger.js';
import { exactNeighbours } from '../ground-truth.js';
import { loadLikeServe } from '../load-like-serve.js';
import { recallAtK } from '../recall.js';
import type { RecallRun } from './measurements.js';

/**
 * Recall@10 of the served index: semantic free-text search through the service, against an
 * exact scan over the same version's live vectors (read through the storage seams).
 */
export interface ScaleRecallTask {
  kind: 'scale-recall';
  root: string;
  queries: string[];
}

const K = 10;
const PAGE = 10_000;

export async function runScaleRecallTask(task: ScaleRecallTask): Promise<RecallRun> {
  const loaded = await loadLikeServe(task.root);
  const version = await embeddedBackend(task.root, createLogger('silent')).open();
  try {
    const embedder = loaded.embedding?.embedder;
    if (!embedder) throw new Error('the loaded index has no query embedder');
    const queries: string[] = [];
    const vectors: Float32Array[] = [];
    for (const text of task.queries) {
      // A query none of whose words the lexical model knows has no vector to recall.
      const vector = await embedder.embedQuery(text).catch(() => null);
      if (vector) {
        queries.push(text);
        vectors.push(vector);
      }
    }
    const { base, ids } = await liveVectors(version);
    const dims = version.vectors.dims;
    const truth = await exactNeighbours(base, concat(vectors, dims), dims, K);
    const rowOf = new Map(ids.map((id, row) => [id, row]));
    const found: number[][] = [];
    for (const text of queries) {
      const hits = await loaded.service.search(text, { k: K, mode: 'semantic' });
      found.push(hits.map((hit) => rowOf.get(hit.id) ?? -1));
    }
    return {
      version: version.name,
      queries: queries.length,
      recallAt10: recallAtK(found, truth, K, K),
    };
  } finally {
    await version.close();
    await loaded.close();
  }
}

/** Every live paper's vector, one row each, and the paper ids of the rows. */
async function liveVectors(version: IndexVersion): Promise<{ base: Float32Array; ids: string[] }> {
  const dims = version.vectors.dims;
  const base = new Float32Array((await version.records.count()) * dims);
  const ids: string[] = [];
  for (let start = 0; start < version.manifest.nextLabel; start += PAGE) {
    const labels = Array.from(
      { length: Math.min(PAGE, version.manifest.nextLabel - start) },
      (_, i) => start + i,
    );
    const papers = await version.records.byLabels(labels);
    const found = await version.vectors.vectorsOf(papers.map((p) => p.label));
    papers.forEach((paper, i) => {
      const vector = found[i];
      if (!vector) throw new Error(`paper ${paper.id} has no vector`);
      base.set(vector, ids.length * dims);
      ids.push(paper.id);
    });
  }
  return { base, ids };
}

function concat(vectors: Float32Array[], dims: number): Float32Array {
  const out = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => out.set(vector, i * dims));
  return out;
}
