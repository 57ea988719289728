import type { BackendFactory } from '../backend-registry.js';

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
      statementTimeoutMs: settings.statementTimeoutMs,
      log: settings.log,
    });
  },
};
