import type { ModelDtype } from '../../embed/model-files.js';
import { benchIngest } from '../bench-ingest.js';
import { indexDisk } from './index-disk.js';
import type { IngestRun } from './measurements.js';

/** One ingest job in a fresh process, so its peak resident set is its own. */
export interface ScaleIngestTask {
  kind: 'scale-ingest';
  root: string;
  input: string;
  /** `ingest --update`: carry the published version forward. */
  update: boolean;
  embedder: 'lexical' | 'transformer';
  model?: string;
  dtype?: ModelDtype;
}

const MIB = 2 ** 20;

export async function runScaleIngestTask(task: ScaleIngestTask): Promise<IngestRun> {
  const summary = await benchIngest({
    inputs: [task.input],
    root: task.root,
    embedder: task.embedder,
    model: task.model,
    dtype: task.dtype,
    update: task.update,
  });
  const drift = summary.lexicalDrift;
  return {
    version: summary.version,
    papers: summary.ingested,
    seconds: summary.seconds,
    docsPerSecond: summary.docsPerSecond,
    embedderLoadSeconds: summary.embedderLoadSeconds,
    embedSeconds: summary.embedSeconds,
    otherSeconds: summary.seconds - summary.embedderLoadSeconds - summary.embedSeconds,
    embedded: summary.embedded,
    carried: summary.carried,
    diff: summary.diff,
    lexicalModel: drift ? (drift.refitted ? 'fitted' : 'kept') : null,
    // maxRSS is in KiB on Linux.
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MIB,
    disk: indexDisk(task.root, summary.version),
  };
}
