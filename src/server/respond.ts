import type { RequestHandler, Response } from 'express';
import type { ServiceIdentity } from '../search/search-service.js';

/** Stamps the request's arrival so `took_ms` covers everything the server did for it. */
export const stampArrival: RequestHandler = (_req, res, next) => {
  res.locals.arrivedAt = performance.now();
  next();
};

export function tookMs(res: Response): number {
  const arrivedAt = (res.locals.arrivedAt as number | undefined) ?? performance.now();
  return Number((performance.now() - arrivedAt).toFixed(2));
}

/** Every search-side response names its timing, embedder and index version. */
export function sendResult(res: Response, identity: ServiceIdentity, body: object): void {
  res.json({
    ...body,
    took_ms: tookMs(res),
    embedder: identity.embedder,
    index_version: identity.indexVersion,
  });
}
