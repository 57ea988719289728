import { Router, type Request } from 'express';
import { libraryEntry } from '../../search/library.js';
import type { ApiLimits } from '../api-limits.js';
import { libraryBody, libraryFile, refuseLargeLibrary } from '../library-body.js';
import { identified, jsonRoute } from '../respond.js';
import { ResolveResponse } from '../responses.js';
import type { Schemas } from '../validation.js';
import type { RouteDeps } from './route-deps.js';

/**
 * `POST /library/resolve`: a library's references matched to the index (or embedded from
 * their abstracts), and those matched nowhere with the reason: what a client keeps of an
 * imported file. The body is JSON `{library}`, or a whole BibTeX or RIS file.
 */
export function libraryRoutes({ holder, schemas, limits }: RouteDeps): Router {
  const router = Router();

  router.post(
    '/library/resolve',
    libraryBody(limits),
    jsonRoute(ResolveResponse, async (req, res) => {
      const { references, unreadable } = await parseResolve(req, schemas, limits);
      return holder.use(async (service) => {
        const resolved = await service.resolveLibrary(references, unreadable);
        return identified(res, service.identity, {
          library: resolved.papers.map(libraryEntry),
          unmatched: resolved.unmatched,
        });
      });
    }),
  );

  return router;
}

async function parseResolve(req: Request, schemas: Schemas, limits: ApiLimits) {
  const imported = await libraryFile(req, limits);
  if (imported) {
    schemas.resolveQuery.parse(req.query);
    return imported;
  }
  refuseLargeLibrary(req.body, limits.maxLibrary);
  return { references: schemas.resolveBody.parse(req.body).library, unreadable: [] };
}
