import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { NothingPublishedError } from '../../index/backend.js';
import { NotReadyError } from '../../search/errors.js';
import type { IndexHolder } from '../../serving/index-holder.js';
import { HttpError } from '../errors.js';
import { reloadIndex } from '../../serving/reload.js';
import { jsonRoute } from '../respond.js';
import { ReloadResponse } from '../responses.js';

/**
 * `POST /admin/reload`: serve the version CURRENT names now. Answers the versions before and
 * after; 409 when nothing is published, 500 `reload_failed` when the new version does not
 * load (the old one keeps serving; the cause is in the server log, not in the response).
 */
export function adminRoutes(deps: {
  holder: IndexHolder;
  log: Logger;
  guard: RequestHandler;
}): Router {
  const { holder, log, guard } = deps;
  const router = Router();

  router.post(
    '/admin/reload',
    guard,
    jsonRoute(ReloadResponse, async () => {
      try {
        return await reloadIndex(holder, log, 'admin');
      } catch (error) {
        if (error instanceof NotReadyError) throw error;
        const serving = holder.loaded?.version ?? 'nothing';
        if (error instanceof NothingPublishedError) {
          throw new HttpError(
            409,
            'nothing_published',
            `no published version to load; serving ${serving}`,
          );
        }
        throw new HttpError(
          500,
          'reload_failed',
          `the published version failed to load; still serving ${serving}`,
        );
      }
    }),
  );

  return router;
}
