import pg from 'pg';
import type { Logger } from 'pino';
import { describeFailure, isConnectionLoss, isTransient, retryDelay } from './errors.js';

/** How the backend reaches its database; every field but the URL has a default. */
export interface ConnectionOptions {
  /** `postgres://user:pass@host:port/db`; the password is never logged or shown. */
  url: string;
  /** Connections kept by this process. */
  poolSize?: number;
  /** Longest a single statement may run before the server cancels it. */
  statementTimeoutMs?: number;
  /** Longest to wait for a connection (new or from the pool). */
  connectTimeoutMs?: number;
  /** Tries of an operation that failed on a transient error (reset, failover, deadlock). */
  attempts?: number;
  log?: Logger;
}

export const CONNECTION_DEFAULTS = {
  poolSize: 10,
  statementTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  attempts: 4,
};

export type Row = Record<string, unknown>;

/** What a statement runs on: the pool (autocommit) or one transaction's client. */
export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The URL with its password removed: what `location` shows and what logs carry. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(
      'the Postgres connection must be a URL: postgres://user:pass@host:port/db',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new RangeError(
      `the Postgres connection URL must start with postgres://, got ${parsed.protocol}//`,
    );
  }
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|key/i.test(key)) parsed.searchParams.delete(key);
  }
  return parsed.toString();
}

/**
 * A node-postgres pool with retries: a statement or a whole transaction that fails on a
 * transient error is run again after a backoff, except where that could apply it twice (a
 * connection lost while COMMIT was in flight).
 */
export class Database implements Queryable {
  readonly location: string;
  private readonly attempts: number;

  constructor(
    readonly pool: pg.Pool,
    options: ConnectionOptions,
  ) {
    this.location = redactUrl(options.url);
    this.attempts = options.attempts ?? CONNECTION_DEFAULTS.attempts;
    // An idle client whose server went away reports here; without a listener it would crash.
    pool.on('error', (error) =>
      options.log?.warn(
        { location: this.location, error: error.message },
        'idle Postgres connection lost',
      ),
    );
    this.log = options.log;
  }

  private readonly log: Logger | undefined;

  static open(options: ConnectionOptions): Database {
    redactUrl(options.url);
    const poolSize = options.poolSize ?? CONNECTION_DEFAULTS.poolSize;
    checkPositive('poolSize', poolSize);
    const statementTimeout = options.statementTimeoutMs ?? CONNECTION_DEFAULTS.statementTimeoutMs;
    const connectTimeout = options.connectTimeoutMs ?? CONNECTION_DEFAULTS.connectTimeoutMs;
    checkPositive('statementTimeoutMs', statementTimeout);
    checkPositive('connectTimeoutMs', connectTimeout);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: poolSize,
      connectionTimeoutMillis: connectTimeout,
      statement_timeout: statementTimeout,
      idleTimeoutMillis: 30_000,
      application_name: 'paper-search',
    });
    return new Database(pool, options);
  }

  async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.retrying(async () => (await this.pool.query(sql, params)).rows as T[]);
  }

  /**
   * Runs fn in one transaction on one connection. Settings made with SET LOCAL inside it end
   * with it, so pooled connections never carry one query's settings into the next.
   * `prelude` (statements without parameters, such as SET LOCAL) rides with BEGIN in one
   * round trip.
   */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>, prelude = ''): Promise<T> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      let committing = false;
      let broken: Error | undefined;
      try {
        await client.query(prelude ? `BEGIN; ${prelude}` : 'BEGIN');
        const result = await fn(clientQueryable(client));
        committing = true;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (isConnectionLoss(error)) broken = error as Error;
        else
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        if (committing && broken) throw new CommitUnknownError(this.location, error);
        throw error;
      } finally {
        // A broken connection is destroyed rather than handed to the next caller.
        client.release(broken);
      }
    });
  }

  /** A dedicated connection outside the pool (for a session-level lock held during a build). */
  async dedicated(): Promise<pg.Client> {
    return this.retrying(async () => {
      const client = new pg.Client({
        connectionString: (this.pool.options as { connectionString: string }).connectionString,
        connectionTimeoutMillis: this.pool.options.connectionTimeoutMillis,
        application_name: 'paper-search',
      });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    });
  }

  private async retrying<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        if (error instanceof CommitUnknownError || !isTransient(error)) throw this.explain(error);
        if (attempt >= this.attempts) throw this.explain(error);
        this.log?.warn(
          { location: this.location, attempt, error: (error as Error).message },
          'transient Postgres error, retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    }
  }

  private explain(error: unknown): unknown {
    return describeFailure(error, this.location);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The connection broke while COMMIT was in flight: the transaction may or may not have landed. */
export class CommitUnknownError extends Error {
  override name = 'CommitUnknownError';
  constructor(location: string, cause: unknown) {
    super(
      `the connection to ${location} was lost during COMMIT; the change may or may not have been applied: ${
        (cause as Error).message
      }`,
    );
  }
}

function clientQueryable(client: pg.PoolClient): Queryable {
  return {
    query: async <T = Row>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
  };
}

function checkPositive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`Postgres option ${name} must be a positive integer, got ${value}`);
  }
}
