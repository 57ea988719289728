import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { ServiceIdentity } from '../search/search-service.js';
import { sendExport, type ExportFile } from './export-response.js';

/** Stamps the request's arrival so `took_ms` covers everything the server did for it. */
export const stampArrival: RequestHandler = (_req, res, next) => {
  res.locals.arrivedAt = performance.now();
  next();
};

export function tookMs(res: Response): number {
  const arrivedAt = (res.locals.arrivedAt as number | undefined) ?? performance.now();
  return Number((performance.now() - arrivedAt).toFixed(2));
}

/** A response body as a route builds it: whatever its response schema accepts. */
export type ResponseBody<S extends z.ZodType> = z.input<S>;

/** A route handler made by jsonRoute, carrying the schema its bodies follow. */
export type JsonRouteHandler = RequestHandler & { responseSchema: z.ZodType };

/**
 * A JSON route: the handler's value is the response body (set another status on `res`
 * first where needed). The body is typed by the route's response schema, so a body still
 * wrapped in a Promise, or holding one (an `await` forgotten), does not compile.
 */
export function jsonRoute<S extends z.ZodType>(
  responseSchema: S,
  // NoInfer: S comes from the schema alone, so the body is checked against it, literals kept.
  handler: NoInfer<(req: Request, res: Response) => Promise<ResponseBody<S>> | ResponseBody<S>>,
): JsonRouteHandler {
  const route: RequestHandler = async (req, res) => {
    res.json(await handler(req, res));
  };
  return Object.assign(route, { responseSchema });
}

/** A ranked answer: the JSON body, or the file the request asked for instead. */
export interface Answer<B> {
  body: B;
  file: ExportFile | null;
}

/**
 * A route whose results may also be answered as a reference file (`format=bibtex`): typed like
 * jsonRoute, the JSON body documented by the schema.
 */
export function exportableRoute<S extends z.ZodType>(
  responseSchema: S,
  handler: NoInfer<(req: Request, res: Response) => Promise<Answer<ResponseBody<S>>>>,
): JsonRouteHandler {
  const route: RequestHandler = async (req, res) => {
    const { body, file } = await handler(req, res);
    if (file) sendExport(res, file);
    else res.json(body);
  };
  return Object.assign(route, { responseSchema });
}

/** Every search-side response names its timing, embedder and index version. */
export function identified<T extends object>(
  res: Response,
  identity: ServiceIdentity,
  body: T,
): T & { took_ms: number; embedder: string; index_version: string } {
  return {
    ...body,
    took_ms: tookMs(res),
    embedder: identity.embedder,
    index_version: identity.indexVersion,
  };
}
