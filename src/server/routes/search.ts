import { Router, type Response } from 'express';
import type { QueryOptions } from '../../search/search-service.js';
import { jsonBody } from '../json-body.js';
import { sendResult } from '../respond.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /search?q=` and `POST /search {query, k, filters}`: the same search, two spellings. */
export function searchRoutes({ holder, schemas }: RouteDeps): Router {
  const router = Router();

  const answer = (res: Response, request: QueryOptions & { text: string }) =>
    holder.use(async (service) => {
      const results = await service.search(request.text, request);
      sendResult(res, service.identity, {
        query: request.text,
        k: request.k,
        mode: request.mode,
        results,
      });
    });

  router.get('/search', (req, res) => answer(res, schemas.searchQuery.parse(req.query)));
  router.post('/search', jsonBody, (req, res) => answer(res, schemas.searchBody.parse(req.body)));

  return router;
}
