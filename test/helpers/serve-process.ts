import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

export interface ServeProcess {
  child: ChildProcess;
  url(path: string): string;
  log(): string;
  /** SIGKILLs the server and every process it started (a fold), as a crash of the machine would. */
  killGroup(): Promise<void>;
  /** SIGKILLs the server alone: a child it started runs on. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The built CLI serving `root` on a free loopback port, in a process group of its own. */
export async function startServe(
  root: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--index', root, '--host', '127.0.0.1', '--port', '0', ...args],
    {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    const look = () => {
      const match = /"port":(\d+)/.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.stderr?.off('data', look);
      resolve(Number(match[1]));
    };
    child.stderr?.on('data', look);
    child.once('exit', () => reject(new Error(`server exited:\n${log}`)));
  });
  const signal = async (target: number, name: NodeJS.Signals) => {
    try {
      process.kill(target, name);
    } catch {
      // Already gone.
    }
    await exited;
  };
  return {
    child,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    log: () => log,
    killGroup: () => signal(-(child.pid as number), 'SIGKILL'),
    kill: () => signal(child.pid as number, 'SIGKILL'),
    stop: () => signal(child.pid as number, 'SIGTERM'),
  };
}

export async function until(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
