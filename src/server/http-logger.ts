import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routePattern } from './route-pattern.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's request id is kept when it is a plausible token, so logs can be joined. */
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Liveness and readiness probes arrive every few seconds; at info they would drown the log. */
function isProbe(req: IncomingMessage): boolean {
  return req.url === '/health' || req.url === '/ready';
}

/** One log line per request: id, method, url, route, status, latency. */
export function httpLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: requestId,
    customProps: (req) => ({ route: routePattern(req) }),
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return isProbe(req) ? 'debug' : 'info';
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
