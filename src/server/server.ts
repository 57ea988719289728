import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { IndexHolder } from '../serving/index-holder.js';

export interface ServerOptions {
  app: Express;
  holder: IndexHolder;
  host: string;
  port: number;
  log: Logger;
  /** How long in-flight requests may take to finish once shutdown starts. */
  graceMs: number;
  /**
   * Longest a client may take to send a whole request (headers: at most 10 s of it), so
   * slow senders cannot hold connections open; the app's own timeout covers answering.
   */
  requestTimeoutMs?: number;
  /** Releases what the index was read through (change log, database pool) after it closes. */
  release?: () => Promise<void>;
}

export interface RunningServer {
  server: Server;
  address: AddressInfo;
  /** Stops accepting, lets in-flight requests finish, then closes the index. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

const IDLE_SWEEP_MS = 50;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer(options.app);
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  options.log.info({ host: address.address, port: address.port }, 'listening');
  let stopping: Promise<void> | null = null;
  return {
    server,
    address,
    shutdown: (reason) => (stopping ??= stop(server, options, reason)),
  };
}

async function stop(server: Server, options: ServerOptions, reason: string): Promise<void> {
  const { log, holder, graceMs } = options;
  log.info({ reason }, 'shutting down: finishing in-flight requests');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections would hold close() open; drop each as soon as it goes idle.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  server.closeIdleConnections();
  const deadline = setTimeout(() => {
    log.warn({ graceMs }, 'grace period over: closing remaining connections');
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
  await holder.close();
  await options.release?.();
  log.info('shut down cleanly');
}

/** SIGTERM and SIGINT start one graceful shutdown; the process then exits 0. */
export function shutdownOnSignals(running: RunningServer, log: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    running
      .shutdown(signal)
      .then(() => {
        process.exitCode = 0;
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      })
      .finally(() => {
        // Anything still holding the event loop (a stuck native handle) must not block exit.
        setTimeout(() => process.exit(), 1000).unref();
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
