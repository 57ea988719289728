/**
 * Which Postgres failures are worth another try, and the one-line explanations users get for
 * the ones that are not: an unreachable server, a database without pgvector.
 */

/** SQLSTATEs after which the same work can simply be run again. */
const TRANSIENT_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown (a restart or failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
]);

/** Socket-level failures of the client: the connection, not the statement, went wrong. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? (error as { code?: string }).code
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The connection itself failed (reset, closed, timed out): nothing more can run on it. */
export function isConnectionLoss(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined)
    return code.startsWith('08') || code.startsWith('57P') || NETWORK_CODES.has(code);
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
    messageOf(error),
  );
}

export function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  return (code !== undefined && TRANSIENT_CODES.has(code)) || isConnectionLoss(error);
}

/** Exponential backoff with jitter: 100, 200, 400 ms ... capped at 3 s. */
export function retryDelay(attempt: number): number {
  const base = Math.min(3000, 100 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** The database could not be used at all: unreachable, or missing what this backend needs. */
export class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
}

/** A one-line reason for a failure to reach the server; other errors pass through unchanged. */
export function describeFailure(error: unknown, location: string): unknown {
  if (error instanceof PostgresUnavailableError || !isConnectionLoss(error)) return error;
  return new PostgresUnavailableError(
    `cannot reach PostgreSQL at ${location}: ${messageOf(error) || codeOf(error)}. Is the server running and the URL right?`,
  );
}

/** pgvector is needed for every index; iterative index scans (filtered search) came in 0.8. */
export const MIN_PGVECTOR = '0.8.0';

export function missingPgvector(location: string, available: boolean): PostgresUnavailableError {
  const install = available
    ? ''
    : ' The server does not offer it: install pgvector 0.8 or later there first (packaged as postgresql-<major>-pgvector; built in on RDS, Cloud SQL, Supabase and Neon).';
  return new PostgresUnavailableError(
    `PostgreSQL at ${location} has no pgvector extension in this database; as its owner or a superuser run: CREATE EXTENSION vector;${install}`,
  );
}

export function oldPgvector(location: string, version: string): PostgresUnavailableError {
  return new PostgresUnavailableError(
    `PostgreSQL at ${location} has pgvector ${version}; filtered search needs ${MIN_PGVECTOR} or later: upgrade the package, then run ALTER EXTENSION vector UPDATE;`,
  );
}

/** Compares dotted versions numerically ("0.10.0" is after "0.8.7"). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}
