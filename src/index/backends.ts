import type { Logger } from 'pino';
import type { Backend } from './backend.js';
import { registerBackend } from './backend-registry.js';
import { EmbeddedBackend } from './embedded/embedded-backend.js';
import { embeddedBackendFactory } from './embedded/embedded-factory.js';
import { postgresBackendFactory } from './postgres/postgres-factory.js';

export {
  BackendSpecError,
  openRegisteredBackend as openBackend,
  redact,
  type BackendSettings,
  type BackendTarget,
} from './backend-registry.js';

/**
 * The engines ingest and serve can open: an engine is its folder under src/index and one line
 * here. The first that accepts a `--backend` spec opens it.
 */
registerBackend(embeddedBackendFactory);
registerBackend(postgresBackendFactory);

/** Filters matching at most this many papers are answered by exact scans, unless configured. */
export const DEFAULT_FILTER_SCAN_BELOW = 2000;

/** The embedded backend over an index root, with default settings (tools, benchmarks, tests). */
export function embeddedBackend(root: string, log: Logger): Backend {
  return new EmbeddedBackend(root, { filterScanBelow: DEFAULT_FILTER_SCAN_BELOW }, log);
}
