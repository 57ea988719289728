import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDataset } from '../datasets.js';
import { coresUsed, loadAverage } from '../../../src/results/machine.js';
import { peakRssMiB, resetPeak, rssMiB, settle } from '../memory.js';
import { recallAtK } from '../recall.js';
import { median, percentile, round } from '../stats.js';
import { ensureDir, readJson, writeJson } from '../work-files.js';
import { directoryBytes } from '../disk.js';
import type { AnnEngine, EngineSpec } from './engine.js';
import { createEngine } from './engines.js';

/** One engine on one dataset, run in a fresh process so its memory readings are its own. */
export interface AnnTask {
  kind: 'ann';
  datasetDir: string;
  engine: EngineSpec;
  /** Where the built index is kept between runs. */
  indexDir: string;
  rebuild: boolean;
  runs: number;
  k: number;
}

export interface BuildRecord {
  seconds: number;
  /** Peak resident memory during the build, above the process with its vectors loaded. */
  peakMiB: number;
  /** CPU time over wall time while building: above 1 means insertion ran on several cores. */
  cores?: number;
  builtAt: string;
  loadAverage: number;
}

export interface SweepPoint {
  setting: string;
  recall: number;
  /** Median over runs of queries per second, one query at a time on one thread. */
  qps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time over wall time while searching: above 1 means the library used more cores. */
  cores: number;
}

export interface AnnResult {
  library: string;
  config: string;
  reused: boolean;
  build: BuildRecord;
  /** Resident memory added by the open index, and the peak over the whole run (MiB). */
  memory: { indexMiB: number; peakMiB: number };
  diskMiB: number;
  points: SweepPoint[];
}

const RECORD = 'build.json';

export async function runAnnTask(task: AnnTask): Promise<AnnResult> {
  const data = loadDataset(task.datasetDir);
  const { dims } = data.meta;
  await settle();
  const baseline = rssMiB();
  resetPeak();
  const engine = createEngine(task.engine, task.indexDir);
  let record = task.rebuild ? null : readJson<BuildRecord>(join(task.indexDir, RECORD));
  const reused = record !== null;
  if (record) {
    await engine.load(dims);
  } else {
    await rm(task.indexDir, { recursive: true, force: true });
    await ensureDir(task.indexDir);
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    await engine.build(data.base, dims);
    const seconds = (performance.now() - startedAt) / 1000;
    record = {
      seconds: round(seconds, 2),
      peakMiB: Math.round(peakRssMiB() - baseline),
      cores: round(coresUsed(cpuBefore, seconds * 1000), 2),
      builtAt: new Date().toISOString(),
      loadAverage: loadAverage(),
    };
    await engine.save();
    await writeJson(join(task.indexDir, RECORD), record);
  }
  await settle();
  const indexMiB = Math.round(rssMiB() - baseline);
  const points: SweepPoint[] = [];
  for (const setting of engine.settings()) {
    await setting.apply();
    await settle();
    points.push({ setting: setting.label, ...(await measure(engine, data, task)) });
  }
  return {
    library: engine.library,
    config: engine.config,
    reused,
    build: record,
    memory: { indexMiB, peakMiB: Math.round(peakRssMiB() - baseline) },
    diskMiB: Math.round(directoryBytes(task.indexDir) / 2 ** 20),
    points,
  };
}

/** One untimed pass gives the results for recall and warms caches; then `runs` timed passes. */
async function measure(
  engine: AnnEngine,
  data: ReturnType<typeof loadDataset>,
  task: AnnTask,
): Promise<Omit<SweepPoint, 'setting'>> {
  const { dims, k: truthK } = data.meta;
  const count = data.queries.length / dims;
  const query = (i: number) => data.queries.subarray(i * dims, (i + 1) * dims);
  const found: number[][] = [];
  for (let i = 0; i < count; i++) found.push(await engine.search(query(i), task.k));
  const rates: number[] = [];
  const latencies: number[] = [];
  const cores: number[] = [];
  for (let run = 0; run < task.runs; run++) {
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const result = engine.search(query(i), task.k);
      if (result instanceof Promise) await result;
      latencies.push(performance.now() - t0);
    }
    const wallMs = performance.now() - startedAt;
    rates.push((count * 1000) / wallMs);
    cores.push(coresUsed(cpuBefore, wallMs));
  }
  return {
    recall: round(recallAtK(found, data.truth, truthK, task.k), 4),
    qps: Math.round(median(rates)),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    cores: round(median(cores), 2),
  };
}
