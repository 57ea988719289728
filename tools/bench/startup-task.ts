import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HnswGraph } from '../../src/index/embedded/hnsw-graph.js';
import type { HnswParams } from '../../src/index/hnsw-params.js';
import { rssMiB, settle } from './memory.js';

/** Cold start of the product's index in a fresh process: load the graph, answer one query. */
export interface StartupTask {
  kind: 'startup';
  indexFile: string;
  datasetDir: string;
  dims: number;
  /** Vectors in the graph (the loader is told how many are live). */
  count: number;
  params: HnswParams;
}

export interface StartupResult {
  loadSeconds: number;
  firstQueryMs: number;
  /** Resident memory of the bare process, and what loading and one query added (MiB). */
  baselineMiB: number;
  addedMiB: number;
  fileMiB: number;
}

export async function runStartupTask(task: StartupTask): Promise<StartupResult> {
  const query = firstQuery(task.datasetDir, task.dims);
  await settle();
  const baselineMiB = rssMiB();
  const startedAt = performance.now();
  const index = await HnswGraph.load(task.indexFile, task.dims, task.params, task.count);
  const loadedAt = performance.now();
  index.search(query, 10);
  const answeredAt = performance.now();
  await settle();
  return {
    loadSeconds: (loadedAt - startedAt) / 1000,
    firstQueryMs: answeredAt - loadedAt,
    baselineMiB,
    addedMiB: rssMiB() - baselineMiB,
    fileMiB: statSync(task.indexFile).size / 2 ** 20,
  };
}

/** Reads only the first query row, so the process holds nothing but the index. */
function firstQuery(datasetDir: string, dims: number): Float32Array {
  const query = new Float32Array(dims);
  const fd = openSync(join(datasetDir, 'queries.f32'), 'r');
  try {
    readSync(fd, new Uint8Array(query.buffer), 0, query.byteLength, 0);
  } finally {
    closeSync(fd);
  }
  return query;
}
