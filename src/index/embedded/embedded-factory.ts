import type { BackendFactory } from '../backend-registry.js';
import { EmbeddedBackend } from './embedded-backend.js';

/** The zero-set-up engine: `--backend embedded`, files under `--index`. */
export const embeddedBackendFactory: BackendFactory = {
  name: 'embedded',
  spec: '"embedded"',
  accepts: (spec) => spec === 'embedded',
  open: async (target, { filterScanBelow, graphOnWorker, log }) =>
    new EmbeddedBackend(target.index, { filterScanBelow, graphOnWorker }, log),
};
