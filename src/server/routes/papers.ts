import { Router } from 'express';
import { paperRecord } from '../../corpus/paper.js';
import { parsePaperRef } from '../../search/paper-ref.js';
import { fileSlug, requestedExport } from '../export-response.js';
import { exportableRoute, identified, jsonRoute } from '../respond.js';
import { GraphResponse, PaperResponse, RelatedResponse } from '../responses.js';
import type { RouteDeps } from './route-deps.js';

/**
 * `GET /papers/:id`, `GET /papers/:id/related` and `GET /papers/:id/graph`, where the id may
 * also be a reference: `doi:<DOI>` (any case) or `arxiv:<id>` (see encodeSlashedPaperRefs for
 * slashes in them).
 */
export function paperRoutes({ holder, schemas }: RouteDeps): Router {
  const router = Router();

  router.get(
    '/papers/:id',
    jsonRoute(PaperResponse, (req, res) => {
      const id = schemas.paperId.parse(req.params.id);
      return holder.use(async (service) =>
        identified(res, service.identity, {
          paper: paperRecord(await service.paper(parsePaperRef(id))),
        }),
      );
    }),
  );

  router.get(
    '/papers/:id/related',
    exportableRoute(RelatedResponse, (req, res) => {
      const id = schemas.paperId.parse(req.params.id);
      const options = schemas.relatedQuery.parse(req.query);
      const format = requestedExport(req, options.format);
      return holder.use(async (service) => {
        const results = await service.related(parsePaperRef(id), options);
        return {
          body: identified(res, service.identity, {
            id,
            k: options.k,
            mode: options.mode,
            results,
          }),
          file: format && {
            format,
            name: `related-${fileSlug(id)}`,
            papers: await service.papers(results.map((r) => r.id)),
          },
        };
      });
    }),
  );

  router.get(
    '/papers/:id/graph',
    jsonRoute(GraphResponse, (req, res) => {
      const id = schemas.paperId.parse(req.params.id);
      const { size } = schemas.graphQuery.parse(req.query);
      return holder.use(async (service) =>
        identified(res, service.identity, {
          id,
          size,
          ...(await service.graph(parsePaperRef(id), size)),
        }),
      );
    }),
  );

  return router;
}
