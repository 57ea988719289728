import {
  closedPort,
  startPgliteServer,
  type PgliteExtension,
} from '../../tools/bench/pglite-server.js';

/**
 * A Postgres for tests. By default PGlite (PostgreSQL 18 in WebAssembly, with pgvector and
 * pg_textsearch) served over the wire protocol on a free loopback port, so the production
 * node-postgres code runs unchanged. PAPER_SEARCH_TEST_POSTGRES_URL points the same tests at
 * a real PostgreSQL 15+ with pgvector instead (each test uses index names of its own).
 */
export interface TestPostgres {
  url: string;
  /** 'pglite' in process, or 'external' from the environment variable. */
  engine: 'pglite' | 'external';
  stop(): Promise<void>;
}

export const TEST_POSTGRES_URL_VARIABLE = 'PAPER_SEARCH_TEST_POSTGRES_URL';

/** The password PGlite servers of the tests are reached with (PGlite accepts any). */
export const TEST_PASSWORD = 'test-secret-7f3a';

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env[TEST_POSTGRES_URL_VARIABLE];
  if (external) return { url: external, engine: 'external', stop: async () => {} };
  return { ...(await startPgliteServer({ password: TEST_PASSWORD })), engine: 'pglite' };
}

/** Always PGlite, loading only the extensions given (a server without pgvector, say). */
export async function startPglite(extensions: PgliteExtension[]): Promise<TestPostgres> {
  return {
    ...(await startPgliteServer({ extensions, password: TEST_PASSWORD })),
    engine: 'pglite',
  };
}

let counter = 0;

/** An index name no other test of this run uses, so tests sharing a database stay apart. */
export function uniqueIndexName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

export { closedPort };
