import { Router, type Request, type Response } from 'express';
import { paperRecord } from '../../corpus/paper.js';
import { parsePaperRef } from '../../search/paper-ref.js';
import { sendResult } from '../respond.js';
import type { RouteDeps } from './route-deps.js';

/**
 * `GET /papers/:id` and `GET /papers/:id/related`, where the id may also be a reference:
 * `doi:<DOI>` (any case) or `arxiv:<id>` (see encodeSlashedPaperRefs for slashes in them).
 */
export function paperRoutes({ holder, schemas }: RouteDeps): Router {
  const router = Router();

  const paper = async (_req: Request, res: Response, text: string) => {
    const ref = parsePaperRef(schemas.paperId.parse(text));
    await holder.use(async (service) => {
      const found = await service.paper(ref);
      sendResult(res, service.identity, { paper: paperRecord(found) });
    });
  };

  const related = async (req: Request, res: Response, text: string) => {
    const id = schemas.paperId.parse(text);
    const options = schemas.relatedQuery.parse(req.query);
    await holder.use(async (service) => {
      const results = await service.related(parsePaperRef(id), options);
      sendResult(res, service.identity, { id, k: options.k, mode: options.mode, results });
    });
  };

  router.get('/papers/:id', (req, res) => paper(req, res, req.params.id));
  router.get('/papers/:id/related', (req, res) => related(req, res, req.params.id));

  return router;
}
