import type { RequestHandler, Response } from 'express';
import type { ServiceMetrics } from './metrics.js';
import { routePattern } from './route-pattern.js';

/** Label for responses that no route answered: a fixed word, never the raw URL. */
const UNMATCHED = 'unmatched';

/** Lets a handler without a route pattern (the static files) name what it served. */
export function labelRoute(res: Response, label: string): void {
  res.locals.metricsRoute = label;
}

/**
 * Counts and times every request by method, route pattern and status. A client that hangs
 * up before the response is complete is counted with status `aborted`.
 */
export function requestMetrics(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const route =
        routePattern(req) ?? (res.locals.metricsRoute as string | undefined) ?? UNMATCHED;
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      metrics.observeRequest(
        { method: req.method, route, status },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
