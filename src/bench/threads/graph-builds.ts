import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HNSW_SEED } from '../../index/embedded/hnsw-graph.js';
import { DEFAULT_HNSW_PARAMS } from '../../index/hnsw-params.js';
import type { AnnResult, AnnTask } from '../ann/ann-task.js';
import { engineKey, type EngineSpec } from '../ann/engine.js';
import { runInChild } from '../child-runner.js';
import type { Dataset } from '../datasets.js';
import { WORK_DIR } from '../project-root.js';

/** One way of building the graph: a library and how many threads insert into it. */
export interface Contender {
  name: string;
  /** The product's library today: the others are judged against it. */
  product: boolean;
  insertThreads: number;
  spec: EngineSpec;
}

/** A contender's fresh build of one dataset, then its sweep; a string when it failed. */
export interface GraphBuildRun {
  dataset: string;
  vectors: number;
  contender: Contender;
  result: AnnResult | string;
}

/**
 * hnswlib-node as the product builds it (one thread: it has no parallel insert), usearch
 * inserting on every core, and usearch on one thread, which separates what the threads buy
 * from what the library does differently. All with the product's M and efConstruction.
 */
export function contenders(efs: number[]): Contender[] {
  const { m, efConstruction } = DEFAULT_HNSW_PARAMS;
  const seed = DEFAULT_HNSW_SEED;
  const cores = availableParallelism();
  const usearch = (threads: number): EngineSpec => ({
    library: 'usearch',
    connectivity: m,
    expansionAdd: efConstruction,
    efs,
    threads,
  });
  return [
    {
      name: 'hnswlib-node (the product)',
      product: true,
      insertThreads: 1,
      spec: { library: 'hnswlib-node', m, efConstruction, seed, efs },
    },
    {
      name: `usearch, ${cores} threads`,
      product: false,
      insertThreads: cores,
      spec: usearch(cores),
    },
    { name: 'usearch, 1 thread', product: false, insertThreads: 1, spec: usearch(1) },
  ];
}

/**
 * Builds the dataset's graph afresh with each contender, each in a fresh process (its memory
 * and CPU readings its own), then sweeps efSearch with one query at a time on one thread.
 * The graphs are removed afterwards: this benchmark times builds, it keeps none.
 */
export async function buildGraphs(
  dataset: Dataset,
  efs: number[],
  runs: number,
  k: number,
  log: (line: string) => void,
): Promise<GraphBuildRun[]> {
  const out: GraphBuildRun[] = [];
  for (const contender of contenders(efs)) {
    log(`${dataset.meta.label}: ${contender.name}`);
    const indexDir = join(WORK_DIR, 'build-threads', dataset.meta.key, engineKey(contender.spec));
    const task: AnnTask = {
      kind: 'ann',
      datasetDir: dataset.dir,
      engine: contender.spec,
      indexDir,
      rebuild: true,
      runs,
      k,
    };
    const result = await runInChild<AnnResult>(task).catch(
      (error: unknown) =>
        `${contender.name} failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
    );
    await rm(indexDir, { recursive: true, force: true });
    out.push({ dataset: dataset.meta.label, vectors: dataset.meta.count, contender, result });
  }
  return out;
}
