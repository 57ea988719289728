import { Router, type RequestHandler } from 'express';
import type { PaperWriter } from '../../serving/paper-writer.js';
import { HttpError } from '../errors.js';
import { jsonBody } from '../json-body.js';
import { paperBody } from '../paper-body.js';
import type { Schemas } from '../validation.js';

/**
 * `POST /papers` (upsert one paper) and `DELETE /papers/:id`, behind `guard`. A write
 * takes effect at once for every later request and survives restarts (see PaperWriter).
 * Without a writer (serving a bare version directory) both answer 409.
 */
export function paperWriteRoutes(deps: {
  writer: PaperWriter | null;
  schemas: Schemas;
  guard: RequestHandler;
}): Router {
  const { writer, schemas, guard } = deps;
  const router = Router();
  const writable = (): PaperWriter => {
    if (!writer) {
      throw new HttpError(409, 'read_only', 'this server serves a single index version read-only');
    }
    return writer;
  };

  router.post('/papers', guard, jsonBody, async (req, res) => {
    const paper = paperBody.parse(req.body);
    const result = await writable().upsert(paper);
    res.status(result.effect === 'created' ? 201 : 200).json({
      id: paper.id,
      status: result.effect,
      seq: result.seq,
      index_version: result.version,
    });
  });

  router.delete('/papers/:id', guard, async (req, res) => {
    const id = schemas.paperId.parse(req.params.id);
    const result = await writable().remove(id);
    if (result.effect === 'not_found') {
      throw new HttpError(404, 'not_found', `no paper with id "${id}"`);
    }
    res.json({ id, status: result.effect, seq: result.seq, index_version: result.version });
  });

  return router;
}
