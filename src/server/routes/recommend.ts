import { Router } from 'express';
import { identified, jsonRoute } from '../respond.js';
import { RecommendResponse } from '../responses.js';
import type { RouteDeps } from './route-deps.js';

/** `POST /recommend {positive, negative, k, filters}`: like these papers, unlike those. */
export function recommendRoutes({ holder, schemas, jsonBody }: RouteDeps): Router {
  const router = Router();

  router.post(
    '/recommend',
    jsonBody,
    jsonRoute(RecommendResponse, (req, res) => {
      const request = schemas.recommendBody.parse(req.body);
      return holder.use(async (service) =>
        identified(res, service.identity, {
          positive: request.positive,
          negative: request.negative,
          k: request.k,
          mode: request.mode,
          results: await service.recommend(request),
        }),
      );
    }),
  );

  return router;
}
