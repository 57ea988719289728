import { Router, type Request } from 'express';
import type { z } from 'zod';
import { libraryEntry } from '../../search/library.js';
import type { ApiLimits } from '../api-limits.js';
import { requestedExport } from '../export-response.js';
import { libraryBody, libraryFile, refuseLargeLibrary } from '../library-body.js';
import { exportableRoute, identified } from '../respond.js';
import { RecommendResponse } from '../responses.js';
import type { Schemas } from '../validation.js';
import type { RouteDeps } from './route-deps.js';

type RecommendRequest = z.output<Schemas['recommendBody']>;

/**
 * `POST /recommend`: papers like a library (and positive ids), unlike negative ids. The body
 * is JSON, or a whole BibTeX or RIS file with the options in the query string.
 */
export function recommendRoutes({ holder, schemas, limits }: RouteDeps): Router {
  const router = Router();
  const body = libraryBody(limits);

  router.post(
    '/recommend',
    body,
    exportableRoute(RecommendResponse, async (req, res) => {
      const { request, format } = await parseRecommend(req, schemas, limits);
      return holder.use(async (service) => {
        const recommendation = await service.recommend(request);
        const results = recommendation.results;
        return {
          body: identified(res, service.identity, {
            positive: request.positive,
            negative: request.negative,
            strategy: request.strategy,
            k: request.k,
            mode: request.mode,
            results,
            library: recommendation.library.map(libraryEntry),
            unmatched: recommendation.unmatched,
          }),
          file: format && {
            format,
            name: 'recommendations',
            papers: await service.papers(results.map((r) => r.id)),
          },
        };
      });
    }),
  );

  return router;
}

/** The request, from a JSON body or from a library file and the query string. */
async function parseRecommend(req: Request, schemas: Schemas, limits: ApiLimits) {
  const imported = await libraryFile(req, limits);
  if (imported) {
    const options = schemas.recommendQuery.parse(req.query);
    const request: RecommendRequest & { unreadable: typeof imported.unreadable } = {
      ...options,
      positive: [],
      negative: [],
      library: imported.references,
      unreadable: imported.unreadable,
    };
    return { request, format: requestedExport(req, options.format) };
  }
  refuseLargeLibrary(req.body, limits.maxLibrary);
  const { format } = schemas.exportQuery.parse(req.query);
  return { request: schemas.recommendBody.parse(req.body), format: requestedExport(req, format) };
}
