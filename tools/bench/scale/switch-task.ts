import { IndexHolder } from '../../../src/serving/index-holder.js';
import { embeddedBackend } from '../../../src/index/backends.js';
import { createLogger } from '../../../src/logger.js';
import { runInChild } from '../child-runner.js';
import { loadLikeServe } from '../load-like-serve.js';
import { rssMiB, settle } from '../memory.js';
import type { ScaleIngestTask } from './ingest-task.js';
import type { IngestRun, SwitchRun } from './measurements.js';

/**
 * A serving process switching to an update: it loads the published version as `serve` does and
 * answers a steady loop of searches while the update (a change list) is ingested in another
 * process; once that has published, it reloads and times from publication to the first answer
 * of the new version, sampling its resident set throughout.
 */
export interface ScaleSwitchTask {
  kind: 'scale-switch';
  root: string;
  /** The change list the update applies. */
  changes: string;
  queries: string[];
}

/** How often the request loop asks and the resident set is sampled. */
const LOOP_MS = 10;
const SAMPLE_MS = 25;

export async function runScaleSwitchTask(task: ScaleSwitchTask): Promise<SwitchRun> {
  const backend = embeddedBackend(task.root, createLogger('silent'));
  const holder = new IndexHolder(backend, (previous) => loadLikeServe(task.root, previous));
  const served = await holder.load();
  let asked = 0;
  let failed = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const query = task.queries[asked++ % task.queries.length];
      await holder.use((service) => service.search(query, { k: 10 })).catch(() => failed++);
      await new Promise((resolve) => setTimeout(resolve, LOOP_MS));
    }
  })();
  await settle();
  const oneVersionMiB = rssMiB();
  const update = await runInChild<IngestRun>({
    kind: 'scale-ingest',
    root: task.root,
    input: task.changes,
    changes: true,
    update: true,
    embedder: 'lexical',
  } satisfies ScaleIngestTask);
  let peakMiB = rssMiB();
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB())), SAMPLE_MS);
  const publishedAt = performance.now();
  const outcome = await holder.reload();
  const reloadSeconds = (performance.now() - publishedAt) / 1000;
  await holder.use((service) => service.search(task.queries[0], { k: 10 }));
  const firstAnswerSeconds = (performance.now() - publishedAt) / 1000;
  clearInterval(sampler);
  peakMiB = Math.max(peakMiB, rssMiB());
  stop = true;
  await loop;
  const tookOver = holder.loaded?.opened?.tookOver ?? null;
  await holder.close();
  return {
    from: served.version,
    to: outcome.current,
    tookOver,
    update,
    reloadSeconds,
    firstAnswerSeconds,
    oneVersionMiB,
    peakMiB,
    requests: asked,
    failedRequests: failed,
  };
}
