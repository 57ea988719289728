import { Router } from 'express';
import { jsonBody } from '../json-body.js';
import { sendResult } from '../respond.js';
import type { RouteDeps } from './route-deps.js';

/** `POST /recommend {positive, negative, k, filters}`: like these papers, unlike those. */
export function recommendRoutes({ holder, schemas }: RouteDeps): Router {
  const router = Router();

  router.post('/recommend', jsonBody, async (req, res) => {
    const request = schemas.recommendBody.parse(req.body);
    await holder.use(async (service) => {
      const results = await service.recommend(request);
      sendResult(res, service.identity, {
        positive: request.positive,
        negative: request.negative,
        k: request.k,
        mode: request.mode,
        results,
      });
    });
  });

  return router;
}
