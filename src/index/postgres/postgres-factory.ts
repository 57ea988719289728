import type { BackendFactory } from '../backend-registry.js';

/** The configured engine names, as the Postgres backend records them. */
const TEXT_SEARCH = {
  auto: 'auto',
  postings: 'postings',
  pg_textsearch: 'bm25',
  ts_rank: 'fts',
} as const;

/** PostgreSQL with pgvector: `--backend postgres://user:pass@host:port/db`, `--index NAME`. */
export const postgresBackendFactory: BackendFactory = {
  name: 'postgres',
  spec: 'a postgres:// URL',
  accepts: (spec) => /^postgres(ql)?:\/\//i.test(spec),
  open: async (target, settings) => {
    // Loaded only when asked for: the embedded default never needs a database driver.
    const { PostgresBackend } = await import('./postgres-backend.js');
    return PostgresBackend.connect({
      url: target.backend,
      index: target.index,
      poolSize: settings.poolSize,
      textSearch: TEXT_SEARCH[settings.textEngine ?? 'auto'],
      statementTimeoutMs: settings.statementTimeoutMs,
      log: settings.log,
    });
  },
};
