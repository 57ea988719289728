import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/**
 * The matched route's pattern (`/papers/:id`), not the raw path, so logs group and metric
 * labels stay few; undefined when no route matched.
 */
export function routePattern(req: IncomingMessage): string | undefined {
  const { route, baseUrl } = req as Request;
  const path = (route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${baseUrl ?? ''}${path}` : undefined;
}
