import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { IndexHolder } from '../../serving/index-holder.js';
import { ReloadJobs, type ReloadFailure, type ReloadJob } from '../../serving/reload-jobs.js';
import { HttpError } from '../errors.js';
import { jsonRoute, type ResponseBody } from '../respond.js';
import { ReloadStatus } from '../responses.js';
import { reloadPath, reloadQuery } from '../validation.js';

const FAILURES: Record<ReloadFailure, [number, string]> = {
  nothing_published: [409, 'no published version to load'],
  not_ready: [503, 'no index has been loaded yet'],
  reload_failed: [500, 'the published version failed to load'],
};

/**
 * `POST /admin/reload`: serve the version CURRENT names now. Answers 200 with the versions
 * before and after once the switch is done, or 202 with a status URL (also in Location) when
 * it takes longer than the wait; `GET /admin/reload/{id}` tells how it went. A reload that
 * failed within the wait is answered 409 when nothing is published, 500 `reload_failed` when
 * the new version does not load (the old one keeps serving; the cause is in the server log).
 */
export function adminRoutes(deps: {
  holder: IndexHolder;
  log: Logger;
  guard: RequestHandler;
  /** The app's request timeout: a reload answers 202 well within it. */
  requestTimeoutMs: number;
}): Router {
  const { holder, log, guard } = deps;
  const jobs = new ReloadJobs(holder, log);
  const defaultWait = Math.floor(deps.requestTimeoutMs / 2);
  const router = Router();

  router.post(
    '/admin/reload',
    guard,
    jsonRoute(ReloadStatus, async (req, res) => {
      const { wait_ms: asked } = reloadQuery.parse(req.query);
      const job = await jobs.wait(jobs.start('admin'), Math.min(asked ?? defaultWait, defaultWait));
      if (job.state === 'failed') throw failureError(job, holder);
      if (job.state === 'running') {
        res.status(202).location(statusUrl(job));
      }
      return statusBody(job, holder);
    }),
  );

  router.get(
    '/admin/reload/:id',
    guard,
    jsonRoute(ReloadStatus, (req) => {
      const { id } = reloadPath.parse(req.params);
      const job = jobs.get(id);
      if (!job)
        throw new HttpError(404, 'not_found', `no reload ${id} (the server keeps the latest ones)`);
      return statusBody(job, holder);
    }),
  );

  return router;
}

function statusUrl(job: ReloadJob): string {
  return `/admin/reload/${job.id}`;
}

function statusBody(job: ReloadJob, holder: IndexHolder): ResponseBody<typeof ReloadStatus> {
  return {
    id: job.id,
    state: job.state,
    previous: job.outcome?.previous ?? job.serving,
    current: job.outcome?.current ?? null,
    changed: job.outcome?.changed ?? null,
    status_url: statusUrl(job),
    started_at: job.startedAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    error: job.failure ? { code: job.failure, message: failureMessage(job.failure, holder) } : null,
  };
}

function failureError(job: ReloadJob, holder: IndexHolder): HttpError {
  const failure = job.failure ?? 'reload_failed';
  const [status] = FAILURES[failure];
  return new HttpError(status, failure, failureMessage(failure, holder));
}

function failureMessage(failure: ReloadFailure, holder: IndexHolder): string {
  const serving = holder.loaded?.version ?? 'nothing';
  const [, message] = FAILURES[failure];
  return failure === 'not_ready' ? message : `${message}; still serving ${serving}`;
}
