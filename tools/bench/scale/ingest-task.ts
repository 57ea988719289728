import type { ModelDtype } from '../../../src/embed/model-files.js';
import type { ProgressReporter } from '../../../src/ingest/progress.js';
import { benchIngest } from '../bench-ingest.js';
import { rssMiB } from '../memory.js';
import { indexDisk } from './index-disk.js';
import type { IngestRun } from './measurements.js';

/** One ingest job in a fresh process, so its peak resident set is its own. */
export interface ScaleIngestTask {
  kind: 'scale-ingest';
  root: string;
  input: string;
  /** `ingest --update`: carry the published version forward. */
  update: boolean;
  /** `input` is a change list (`ingest --update --changes`), not the whole corpus. */
  changes?: boolean;
  embedder: 'lexical' | 'transformer';
  model?: string;
  dtype?: ModelDtype;
  /** Insert into the graph on a worker thread (the configured default when absent). */
  graphOnWorker?: boolean;
}

const MIB = 2 ** 20;
/** maxRSS is in KiB on Linux. */
const peakMiB = () => (process.resourceUsage().maxRSS * 1024) / MIB;

/** The job's progress reports mark where its embed phase starts and ends. */
class PhaseClock implements ProgressReporter {
  embedStart = NaN;
  embedEnd = NaN;
  peakBeforeEmbedMiB = NaN;
  rssAfterEmbedMiB = NaN;

  start(): void {
    this.embedStart = performance.now();
    this.peakBeforeEmbedMiB = peakMiB();
  }

  update(): void {}

  stop(): void {
    this.embedEnd = performance.now();
    this.rssAfterEmbedMiB = rssMiB();
  }
}

export async function runScaleIngestTask(task: ScaleIngestTask): Promise<IngestRun> {
  const phases = new PhaseClock();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const summary = await benchIngest({
    inputs: [task.input],
    root: task.root,
    embedder: task.embedder,
    model: task.model,
    dtype: task.dtype,
    update: task.update,
    changes: task.changes,
    progress: phases,
    graphOnWorker: task.graphOnWorker,
  });
  const endedAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const drift = summary.lexicalDrift;
  return {
    version: summary.version,
    papers: summary.ingested,
    seconds: summary.seconds,
    docsPerSecond: summary.docsPerSecond,
    embedderLoadSeconds: summary.embedderLoadSeconds,
    embedSeconds: summary.embedSeconds,
    readSeconds: (phases.embedStart - startedAt) / 1000 - summary.embedderLoadSeconds,
    publishSeconds: (endedAt - phases.embedEnd) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    embedded: summary.embedded,
    carried: summary.carried,
    diff: summary.diff,
    lexicalModel: drift ? (drift.refitted ? 'fitted' : 'kept') : null,
    peakRssMiB: peakMiB(),
    peakBeforeEmbedMiB: phases.peakBeforeEmbedMiB,
    rssAfterEmbedMiB: phases.rssAfterEmbedMiB,
    disk: indexDisk(task.root, summary.version),
  };
}
