import type { Logger } from 'pino';
import type { Backend } from './backend.js';
import { EmbeddedBackend } from './embedded/embedded-backend.js';

/** How to reach an index: the backend spec (`embedded` or a URL) and the index within it. */
export interface BackendTarget {
  /** `embedded` (files under `index`) or `postgres://user:pass@host:port/db`. */
  backend: string;
  /** The index root directory (embedded) or the index's name (postgres). */
  index: string;
}

export interface BackendSettings {
  /** Filters matching at most this many papers are answered by exact scans (embedded). */
  filterScanBelow: number;
  /** Embedded builds insert into the graph on a worker thread (default true). */
  graphOnWorker?: boolean;
  /** Connections kept to a database backend by this process. */
  poolSize?: number;
  /** Lexical ranking of a database index created now (`auto`: the postings engine). */
  textEngine?: 'auto' | 'postings' | 'pg_textsearch' | 'ts_rank';
  /** Longest a single database statement may run. */
  statementTimeoutMs?: number;
  log: Logger;
}

/** Filters matching at most this many papers are answered by exact scans, unless configured. */
export const DEFAULT_FILTER_SCAN_BELOW = 2000;

/** The embedded backend over an index root, with default settings (tools, benchmarks, tests). */
export function embeddedBackend(root: string, log: Logger): Backend {
  return new EmbeddedBackend(root, { filterScanBelow: DEFAULT_FILTER_SCAN_BELOW }, log);
}

/** The configured engine names, as the Postgres backend records them. */
const TEXT_SEARCH = { auto: 'auto', postings: 'postings', pg_textsearch: 'bm25', ts_rank: 'fts' } as const;

export class BackendSpecError extends Error {
  override name = 'BackendSpecError';
}

/**
 * The backend registry, used by ingest and serve alike: a spec names the engine, and adding an
 * engine is one entry here plus its folder under src/index.
 */
export async function openBackend(target: BackendTarget, settings: BackendSettings): Promise<Backend> {
  if (target.backend === 'embedded') {
    const { filterScanBelow, graphOnWorker } = settings;
    return new EmbeddedBackend(target.index, { filterScanBelow, graphOnWorker }, settings.log);
  }
  if (/^postgres(ql)?:\/\//i.test(target.backend)) {
    // Loaded only when asked for: the embedded default never needs a database driver.
    const { PostgresBackend } = await import('./postgres/postgres-backend.js');
    return PostgresBackend.connect({
      url: target.backend,
      index: target.index,
      poolSize: settings.poolSize,
      textSearch: TEXT_SEARCH[settings.textEngine ?? 'auto'],
      statementTimeoutMs: settings.statementTimeoutMs,
      log: settings.log,
    });
  }
  throw new BackendSpecError(
    `unknown backend "${redact(target.backend)}": use "embedded" or a postgres:// URL`,
  );
}

/** A backend spec safe to show: a URL's password is replaced. */
export function redact(spec: string): string {
  try {
    const url = new URL(spec);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return spec;
  }
}
