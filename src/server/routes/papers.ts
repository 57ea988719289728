import { Router } from 'express';
import { paperRecord } from '../../corpus/paper.js';
import { sendResult } from '../respond.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /papers/:id` and `GET /papers/:id/related`. */
export function paperRoutes({ holder, schemas }: RouteDeps): Router {
  const router = Router();

  router.get('/papers/:id', async (req, res) => {
    const id = schemas.paperId.parse(req.params.id);
    await holder.use((service) =>
      sendResult(res, service.identity, { paper: paperRecord(service.paper(id)) }),
    );
  });

  router.get('/papers/:id/related', async (req, res) => {
    const id = schemas.paperId.parse(req.params.id);
    const options = schemas.relatedQuery.parse(req.query);
    await holder.use((service) =>
      sendResult(res, service.identity, {
        id,
        k: options.k,
        mode: options.mode,
        results: service.related(id, options),
      }),
    );
  });

  return router;
}
