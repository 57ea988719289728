import { fork } from 'node:child_process';
import type { WorkerTask } from './worker.js';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

/**
 * Runs a task in a fresh Node process (with --expose-gc, so memory readings can exclude
 * garbage) and resolves with what the task returned.
 */
export function runInChild<T>(task: WorkerTask, env: Record<string, string> = {}): Promise<T> {
  const worker = new URL('./worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    let reply: Reply | null = null;
    const child = fork(worker, [JSON.stringify(task)], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => (reply = message as Reply));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (reply?.ok) resolve(reply.result as T);
      else if (reply) reject(new Error(reply.error));
      else
        reject(new Error(`benchmark worker exited with ${signal ?? `code ${code}`} and no result`));
    });
  });
}
