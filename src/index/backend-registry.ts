import type { Logger } from 'pino';
import type { Backend } from './backend.js';

/** How to reach an index: the backend spec (`embedded`, a URL) and the index within it. */
export interface BackendTarget {
  /** `embedded` (files under `index`), `postgres://user:pass@host:port/db`, or another engine's spec. */
  backend: string;
  /** The index root directory (embedded) or the index's name (a database). */
  index: string;
}

/** The configured settings every backend is opened with; each reads the ones it knows. */
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

/** An engine as the registry knows it: its name, the specs it takes, and how it opens. */
export interface BackendFactory {
  /** What its backends report as `kind` (in /stats and logs). */
  readonly name: string;
  /** How a spec names it, for help and error messages: `"embedded"`, `a postgres:// URL`. */
  readonly spec: string;
  /** Whether `--backend <spec>` names this engine. */
  accepts(spec: string): boolean;
  open(target: BackendTarget, settings: BackendSettings): Promise<Backend>;
}

export class BackendSpecError extends Error {
  override name = 'BackendSpecError';
}

const factories = new Map<string, BackendFactory>();

/** Adds an engine; the first registered one that accepts a spec opens it. */
export function registerBackend(factory: BackendFactory): void {
  if (factories.has(factory.name)) {
    throw new Error(`a backend named "${factory.name}" is registered already`);
  }
  factories.set(factory.name, factory);
}

/** The registered engines, in registration order. */
export function registeredBackends(): BackendFactory[] {
  return [...factories.values()];
}

/** Opens the backend `target.backend` names, with the configured settings. */
export async function openRegisteredBackend(
  target: BackendTarget,
  settings: BackendSettings,
): Promise<Backend> {
  const factory = registeredBackends().find((f) => f.accepts(target.backend));
  if (!factory) {
    const known = registeredBackends().map((f) => f.spec);
    throw new BackendSpecError(
      `unknown backend "${redact(target.backend)}": use ${known.join(' or ')}`,
    );
  }
  const backend = await factory.open(target, settings);
  if (backend.kind !== factory.name) {
    await backend.close();
    throw new Error(`the backend "${factory.name}" opened one of kind "${backend.kind}"`);
  }
  return backend;
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
