import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from './project-root.js';
import { join } from 'node:path';

const HOST = '127.0.0.1';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** One request of a run: a GET of a path, or a POST of a JSON body. */
export type HttpRequest = string | { path: string; body: unknown };

/** A `paper-search serve` child process on a free local port, ready when `/ready` says so. */
export class ServedIndex {
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    // Drain the log stream (a full pipe would stall the server) and keep its end for errors.
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
  }

  static async start(
    indexRoot: string,
    modelsDir: string,
    env: Record<string, string> = {},
  ): Promise<ServedIndex> {
    const port = await freePort();
    const child = fork(
      join(PROJECT_ROOT, 'dist', 'cli', 'main.js'),
      [
        'serve',
        '--index',
        indexRoot,
        '--host',
        HOST,
        '--port',
        String(port),
        '--models-dir',
        modelsDir,
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
    );
    const served = new ServedIndex(child, `http://${HOST}:${port}`);
    await served.waitReady();
    return served;
  }

  /** Drives `requests` round-robin from `connections` keep-alive connections for `seconds`. */
  async load(requests: HttpRequest[], connections: number, seconds: number): Promise<LoadResult> {
    let next = 0;
    const result = await autocannon({
      url: this.baseUrl,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const chosen = requests[next++ % requests.length];
            return typeof chosen === 'string'
              ? { ...request, path: chosen }
              : { ...request, method: 'POST', path: chosen.path, ...jsonBody(chosen.body) };
          },
        },
      ],
    });
    return {
      requestsPerSecond: result['2xx'] / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.non2xx + result.timeouts,
    };
  }

  /** Sends one request and reads the whole answer; a non-2xx status is an error. */
  async send(request: HttpRequest): Promise<void> {
    const response =
      typeof request === 'string'
        ? await fetch(`${this.baseUrl}${request}`)
        : await fetch(`${this.baseUrl}${request.path}`, {
            method: 'POST',
            ...jsonBody(request.body),
          });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${response.status} from ${this.baseUrl}: ${text.slice(0, 300)}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async waitReady(timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`serve exited with code ${this.child.exitCode}: ${this.stderrTail.trim()}`);
      }
      try {
        if ((await fetch(`${this.baseUrl}/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await this.stop();
    throw new Error(`serve was not ready within ${timeoutMs / 1000} s: ${this.stderrTail.trim()}`);
  }
}

function jsonBody(body: unknown) {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}
