import { runAnnTask, type AnnTask } from './ann/ann-task.js';
import { runScaleIngestTask, type ScaleIngestTask } from './scale/ingest-task.js';
import { runScaleRecallTask, type ScaleRecallTask } from './scale/recall-task.js';
import { runScaleServeTask, type ScaleServeTask } from './scale/serve-task.js';
import { runScaleSwitchTask, type ScaleSwitchTask } from './scale/switch-task.js';
import { runStartupTask, type StartupTask } from './startup-task.js';

/**
 * Entry point of benchmark child processes. Each measurement that reads memory or startup
 * time runs in a fresh process: resident-set peaks only ever grow, and a warm process hides
 * load costs. The task arrives as JSON in argv; the result goes back over the IPC channel.
 */
export type WorkerTask =
  AnnTask | StartupTask | ScaleIngestTask | ScaleServeTask | ScaleRecallTask | ScaleSwitchTask;

async function run(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'ann':
      return runAnnTask(task);
    case 'startup':
      return runStartupTask(task);
    case 'scale-ingest':
      return runScaleIngestTask(task);
    case 'scale-serve':
      return runScaleServeTask(task);
    case 'scale-recall':
      return runScaleRecallTask(task);
    case 'scale-switch':
      return runScaleSwitchTask(task);
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
// Native libraries may keep threads alive; the process ends once the reply is sent.
const reply = (message: unknown) => process.send?.(message, () => process.exit(0));
run(task).then(
  (result) => reply({ ok: true, result }),
  (error: unknown) =>
    reply({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
);
