import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { FoldRunner } from './write-folding.js';

export interface FoldProcessOptions {
  /** The CLI's entry script; the child runs `<cli> fold`. */
  cli: string;
  /** Arguments after `fold`. */
  args: string[];
  /** Environment of the child: where the index is, and how much of the machine it may use. */
  env: NodeJS.ProcessEnv;
  /** Niceness of the child: requests keep the processor first. */
  niceness: number;
}

/** Bytes of the child's error output kept for the failure message. */
const TAIL_BYTES = 2000;

/**
 * Runs `paper-search fold` in a child process: the fold (an update, with its embedding, graph
 * and text work) uses a process and processor of its own at a lower priority, so the server's
 * event loop keeps answering. The child's log lines go to the server's standard error.
 */
export class FoldProcess implements FoldRunner {
  private child: ChildProcess | null = null;

  constructor(private readonly options: FoldProcessOptions) {}

  /** The running child's process id, null between folds. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  run(): Promise<void> {
    if (this.child) return Promise.reject(new Error('a fold is already running'));
    const { cli, args, env, niceness } = this.options;
    const child = spawn(process.execPath, [cli, 'fold', ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    });
    return new Promise((resolve, reject) => {
      child.once('spawn', () => lowerPriority(child, niceness));
      child.once('error', (error) => {
        this.child = null;
        reject(error);
      });
      child.once('close', (code, signal) => {
        this.child = null;
        if (code === 0) resolve();
        else
          reject(
            new Error(
              `the fold process ended with ${signal ?? `exit code ${code}`}: ${lastLine(tail)}`,
            ),
          );
      });
    });
  }

  stop(): void {
    this.child?.kill('SIGTERM');
  }
}

function lowerPriority(child: ChildProcess, niceness: number): void {
  try {
    if (child.pid) setPriority(child.pid, niceness);
  } catch {
    // Not permitted here (a container without the capability): the fold runs at our priority.
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
