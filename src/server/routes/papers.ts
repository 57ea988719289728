import { Router } from 'express';
import { paperRecord } from '../../corpus/paper.js';
import { parsePaperRef } from '../../search/paper-ref.js';
import { identified, jsonRoute } from '../respond.js';
import { PaperResponse, RelatedResponse } from '../responses.js';
import type { RouteDeps } from './route-deps.js';

/**
 * `GET /papers/:id` and `GET /papers/:id/related`, where the id may also be a reference:
 * `doi:<DOI>` (any case) or `arxiv:<id>` (see encodeSlashedPaperRefs for slashes in them).
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
    jsonRoute(RelatedResponse, (req, res) => {
      const id = schemas.paperId.parse(req.params.id);
      const options = schemas.relatedQuery.parse(req.query);
      return holder.use(async (service) =>
        identified(res, service.identity, {
          id,
          k: options.k,
          mode: options.mode,
          results: await service.related(parsePaperRef(id), options),
        }),
      );
    }),
  );

  return router;
}
