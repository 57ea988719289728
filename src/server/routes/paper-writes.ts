import { Router, type RequestHandler } from 'express';
import type { PaperWriter } from '../../serving/paper-writer.js';
import { HttpError } from '../errors.js';
import { jsonRoute } from '../respond.js';
import { PaperDeleteResponse, PaperWriteResponse } from '../responses.js';
import type { RouteDeps } from './route-deps.js';

/**
 * `POST /papers` (upsert one paper) and `DELETE /papers/:id`, behind `guard`. A write
 * takes effect at once for every later request and survives restarts (see PaperWriter).
 * Without a writer (serving a bare version directory) both answer 409.
 */
export function paperWriteRoutes(
  deps: Pick<RouteDeps, 'schemas' | 'jsonBody'> & {
    writer: PaperWriter | null;
    guard: RequestHandler;
  },
): Router {
  const { writer, schemas, jsonBody, guard } = deps;
  const router = Router();
  const writable = (): PaperWriter => {
    if (!writer) {
      throw new HttpError(409, 'read_only', 'this server serves a single index version read-only');
    }
    return writer;
  };

  router.post(
    '/papers',
    guard,
    jsonBody,
    jsonRoute(PaperWriteResponse, async (req, res) => {
      const paper = schemas.paperBody.parse(req.body);
      const { effect, seq, version } = await writable().upsert(paper);
      if (effect !== 'created' && effect !== 'updated' && effect !== 'unchanged') {
        throw new Error(`an upsert reported "${effect}"`);
      }
      res.status(effect === 'created' ? 201 : 200);
      return { id: paper.id, status: effect, seq, index_version: version };
    }),
  );

  router.delete(
    '/papers/:id',
    guard,
    jsonRoute(PaperDeleteResponse, async (req) => {
      const id = schemas.paperId.parse(req.params.id);
      const { effect, seq, version } = await writable().remove(id);
      if (effect === 'not_found') {
        throw new HttpError(404, 'not_found', `no paper with id "${id}"`);
      }
      // The writer's result type covers every kind of write; a deletion is logged.
      if (effect !== 'deleted' || seq === null) throw new Error(`a delete reported "${effect}"`);
      return { id, status: effect, seq, index_version: version };
    }),
  );

  return router;
}
