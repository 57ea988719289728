import type { PGliteOptions } from '@electric-sql/pglite';
import type { AddressInfo } from 'node:net';

/** Extensions a PGlite server can load: pgvector, and pg_textsearch for BM25. */
export type PgliteExtension = 'vector' | 'pg_textsearch';

export interface PgliteServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`; PGlite accepts any password. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL 18 compiled to WebAssembly (PGlite), in memory, served over the wire protocol on
 * a free loopback port, so node-postgres reaches it exactly as it reaches a real server.
 * PGlite runs one backend: statements from all connections take turns, a transaction keeps
 * the backend until it ends, and session settings are shared (use SET LOCAL). Development
 * dependencies only: loaded on demand by tests and benchmarks.
 */
export async function startPgliteServer(
  options: { extensions?: PgliteExtension[]; maxConnections?: number; password?: string } = {},
): Promise<PgliteServer> {
  const { PGlite } = await import('@electric-sql/pglite');
  type Extensions = NonNullable<PGliteOptions['extensions']>;
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const wanted = options.extensions ?? ['vector', 'pg_textsearch'];
  const extensions: Extensions = {};
  if (wanted.includes('vector'))
    extensions.vector = (await import('@electric-sql/pglite-pgvector')).vector;
  if (wanted.includes('pg_textsearch')) {
    extensions.pg_textsearch = (await import('@electric-sql/pglite-pg_textsearch')).pg_textsearch;
  }
  const db = await PGlite.create({ extensions });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections ?? 64,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  const password = encodeURIComponent(options.password ?? 'pglite');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** A loopback port nothing listens on (bound, read, released): for unreachable-server cases. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
