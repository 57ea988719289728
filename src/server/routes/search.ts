import { Router, type Response } from 'express';
import type { z } from 'zod';
import { identified, jsonRoute } from '../respond.js';
import { SearchResponse } from '../responses.js';
import type { Schemas } from '../validation.js';
import type { RouteDeps } from './route-deps.js';

/** A parsed free-text search, from the query string or the body. */
type TextSearch = z.output<Schemas['searchQuery'] | Schemas['searchBody']>;

/** `GET /search?q=` and `POST /search {query, k, filters}`: the same search, two spellings. */
export function searchRoutes({ holder, schemas, jsonBody }: RouteDeps): Router {
  const router = Router();

  const answer = (res: Response, request: TextSearch) =>
    holder.use(async (service) =>
      identified(res, service.identity, {
        query: request.text,
        k: request.k,
        mode: request.mode,
        results: await service.search(request.text, request),
      }),
    );

  router.get(
    '/search',
    jsonRoute(SearchResponse, (req, res) => answer(res, schemas.searchQuery.parse(req.query))),
  );
  router.post(
    '/search',
    jsonBody,
    jsonRoute(SearchResponse, (req, res) => answer(res, schemas.searchBody.parse(req.body))),
  );

  return router;
}
