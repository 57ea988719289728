import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { fileSlug, requestedExport } from '../export-response.js';
import { exportableRoute, identified } from '../respond.js';
import { SearchResponse } from '../responses.js';
import type { Schemas } from '../validation.js';
import type { RouteDeps } from './route-deps.js';

/** A parsed free-text search, from the query string or the body. */
type TextSearch = z.output<Schemas['searchQuery'] | Schemas['searchBody']>;

/**
 * `GET /search?q=` and `POST /search {query, k, filters}`: the same search, two spellings;
 * `format=bibtex|ris|csv` (or the Accept header) answers with the results as a file.
 */
export function searchRoutes({ holder, schemas, jsonBody }: RouteDeps): Router {
  const router = Router();

  const answer = (req: Request, res: Response, request: TextSearch, format?: string) =>
    holder.use(async (service) => {
      const results = await service.search(request.text, request);
      const exported = requestedExport(req, schemas.exportQuery.parse({ format }).format);
      return {
        body: identified(res, service.identity, {
          query: request.text,
          k: request.k,
          mode: request.mode,
          results,
        }),
        file: exported && {
          format: exported,
          name: `search-${fileSlug(request.text)}`,
          papers: await service.papers(results.map((r) => r.id)),
        },
      };
    });

  router.get(
    '/search',
    exportableRoute(SearchResponse, (req, res) => {
      const request = schemas.searchQuery.parse(req.query);
      return answer(req, res, request, request.format);
    }),
  );
  router.post(
    '/search',
    jsonBody,
    exportableRoute(SearchResponse, (req, res) => {
      const { format } = schemas.exportQuery.parse(req.query);
      return answer(req, res, schemas.searchBody.parse(req.body), format);
    }),
  );

  return router;
}
