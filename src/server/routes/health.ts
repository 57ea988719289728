import { Router } from 'express';
import { NotReadyError } from '../../search/errors.js';
import type { HarvestStates } from '../../index/manifest.js';
import type { SearchService } from '../../search/search-service.js';
import { jsonRoute, tookMs } from '../respond.js';
import { HealthResponse, ReadyResponse, StatsResponse } from '../responses.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /health` (process alive), `GET /ready` (index loaded, embedder warmed), `GET /stats`. */
export function healthRoutes({ holder }: RouteDeps): Router {
  const router = Router();

  router.get(
    '/health',
    jsonRoute(HealthResponse, () => ({ status: 'ok' })),
  );

  router.get(
    '/ready',
    jsonRoute(ReadyResponse, () => {
      const loaded = holder.loaded;
      if (!loaded) throw new NotReadyError();
      return { status: 'ready', index_version: loaded.version };
    }),
  );

  router.get(
    '/stats',
    jsonRoute(StatsResponse, (_req, res) =>
      holder.use(async (service) => ({
        ...statsOf(service, await service.count()),
        took_ms: tookMs(res),
      })),
    ),
  );

  return router;
}

function statsOf(service: SearchService, count: number) {
  const { manifest, identity } = service;
  const { spec } = manifest.embedder;
  return {
    index_version: identity.indexVersion,
    count,
    backend: service.settings.backend ?? null,
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
      filter_scan_below: service.settings.filterScanBelow ?? null,
      text_engine: manifest.text.engine,
    },
    corpus: { files: manifest.corpus.files, checksum: manifest.corpus.checksum },
    harvest: harvestOf(manifest.harvest ?? {}),
    fusion: fusionOf(service),
  };
}

/** How hybrid fuses by default, and the fit behind it when the index has one. */
function fusionOf(service: SearchService) {
  const { method, semanticWeight } = service.fusionFor();
  const fitted = service.manifest.calibration;
  return {
    method,
    semantic_weight: semanticWeight,
    source:
      service.settings.semanticWeight !== undefined
        ? ('setting' as const)
        : fitted?.method === method
          ? ('fitted' as const)
          : ('equal' as const),
    calibration: fitted
      ? {
          pseudo_queries: fitted.pseudoQueries,
          pool: fitted.pool,
          standard_error: fitted.standardError,
          seconds: fitted.seconds,
          grid: fitted.grid.map((g) => ({
            semantic_weight: g.semanticWeight,
            ndcg10: g.ndcg10,
            title: g.title,
            sentence: g.sentence,
          })),
        }
      : null,
  };
}

function harvestOf(states: HarvestStates) {
  return Object.fromEntries(
    Object.entries(states).map(([key, state]) => [
      key,
      {
        through: state.through,
        interrupted: state.resume !== null,
        harvested_at: state.harvestedAt,
        records: state.records,
      },
    ]),
  );
}
