import { Router, type Request } from 'express';
import type { z } from 'zod';
import { readLibraryText, type LibraryFormat } from '../../search/library-import.js';
import { libraryEntry } from '../../search/library.js';
import type { ApiLimits } from '../api-limits.js';
import { HttpError } from '../errors.js';
import { requestedExport } from '../export-response.js';
import { JSON_BODY, requestBody, textBody } from '../json-body.js';
import { exportableRoute, identified } from '../respond.js';
import { RecommendResponse } from '../responses.js';
import type { Schemas } from '../validation.js';
import type { RouteDeps } from './route-deps.js';

/** Media types a library file may be sent as, and the reader each is read with. */
export const LIBRARY_TYPES: Readonly<Record<string, LibraryFormat>> = {
  'application/x-bibtex': 'bibtex',
  'application/x-research-info-systems': 'ris',
};

type RecommendRequest = z.output<Schemas['recommendBody']>;

/**
 * `POST /recommend`: papers like a library (and positive ids), unlike negative ids. The body
 * is JSON, or a whole BibTeX or RIS file with the options in the query string.
 */
export function recommendRoutes({ holder, schemas, limits }: RouteDeps): Router {
  const router = Router();
  const body = requestBody(limits.maxLibraryBytes, [
    JSON_BODY,
    ...Object.keys(LIBRARY_TYPES).map(textBody),
  ]);

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
  const fileFormat = Object.entries(LIBRARY_TYPES).find(([mime]) => req.is(mime))?.[1];
  if (fileFormat) {
    const options = schemas.recommendQuery.parse(req.query);
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '')
      throw new HttpError(400, 'invalid_request', 'the library file is empty');
    const imported = await readLibraryText(text, fileFormat, limits.maxLibrary);
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

/** Too many references is a 413, as a too-large body is, not a validation error. */
function refuseLargeLibrary(body: unknown, max: number): void {
  const library = (body as { library?: unknown } | null)?.library;
  if (Array.isArray(library) && library.length > max) {
    throw new HttpError(
      413,
      'library_too_large',
      `the library holds ${library.length} references; send at most ${max} per request`,
    );
  }
}
