import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './errors.js';

/** Probes must pass whatever a client does, or an orchestrator would restart a busy server. */
const isProbe = (path: string) => path === '/health' || path === '/ready';

/**
 * At most `limit` requests per client IP (or IPv6 /56 subnet) per window, answered past that
 * with a 429 JSON error and a Retry-After header; `limit` 0 turns it off.
 */
export function rateLimiter(limit: number, windowMs: number): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => isProbe(req.path),
    handler: (_req, _res, next) => {
      next(new HttpError(429, 'rate_limited', 'too many requests: slow down and retry later'));
    },
  });
}

/** Refuses an overlong request target (path plus query string) before any parsing: 414. */
export function urlLimit(maxBytes: number): RequestHandler {
  return (req, _res, next) => {
    if (Buffer.byteLength(req.originalUrl) > maxBytes) {
      next(
        new HttpError(414, 'uri_too_long', `the request target is longer than ${maxBytes} bytes`),
      );
      return;
    }
    next();
  };
}

/**
 * Answers 503 when a request is not answered within `ms`. The handler may still finish
 * (a query cannot be interrupted), but whatever it sends afterwards is dropped.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.setHeader('Retry-After', '1');
      res
        .status(503)
        .json({ error: { code: 'timeout', message: `the request took longer than ${ms} ms` } });
      res.send = () => res;
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
