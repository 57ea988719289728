import { join } from 'node:path';
import { WORK_DIR } from '../project-root.js';
import { engineKey, type AnnEngine, type EngineSpec } from './engine.js';
import { HnswlibEngine } from './hnswlib-engine.js';
import { UsearchEngine } from './usearch-engine.js';

export function createEngine(spec: EngineSpec, dir: string): AnnEngine {
  switch (spec.library) {
    case 'hnswlib-node':
      return new HnswlibEngine(spec, dir);
    case 'usearch':
      return new UsearchEngine(spec, dir);
  }
}

/** Where a built index of `spec` over dataset `datasetKey` is kept between runs. */
export function indexDirFor(datasetKey: string, spec: EngineSpec): string {
  return join(WORK_DIR, 'indexes', datasetKey, engineKey(spec));
}
