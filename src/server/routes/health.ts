import { Router } from 'express';
import { NotReadyError } from '../../search/errors.js';
import type { SearchService } from '../../search/search-service.js';
import { tookMs } from '../respond.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /health` (process alive), `GET /ready` (index loaded, embedder warmed), `GET /stats`. */
export function healthRoutes({ holder }: RouteDeps): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', (_req, res) => {
    const loaded = holder.loaded;
    if (!loaded) throw new NotReadyError();
    res.json({ status: 'ready', index_version: loaded.version });
  });

  router.get('/stats', async (_req, res) => {
    await holder.use(async (service) =>
      res.json({ ...statsOf(service, await service.count()), took_ms: tookMs(res) }),
    );
  });

  return router;
}

function statsOf(service: SearchService, count: number) {
  const { manifest, identity, settings } = service;
  const { spec } = manifest.embedder;
  return {
    index_version: identity.indexVersion,
    count,
    backend: settings.backend ?? null,
    built_at: manifest.builtAt,
    build_seconds: manifest.buildSeconds,
    embedder: {
      id: manifest.embedder.id,
      kind: spec.kind,
      model: typeof spec.model === 'string' ? spec.model : null,
      dims: manifest.embedder.dims,
      fingerprint: manifest.embedder.fingerprint,
      spec,
    },
    search: {
      mode: manifest.search,
      hnsw: {
        m: manifest.hnsw.m,
        ef_construction: manifest.hnsw.efConstruction,
        ef_search: manifest.hnsw.efSearch,
      },
      filter_scan_below: settings.filterScanBelow ?? null,
      text_engine: manifest.text.engine,
    },
    corpus: { files: manifest.corpus.files, checksum: manifest.corpus.checksum },
  };
}
