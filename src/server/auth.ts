import type { RequestHandler } from 'express';
import type { ApiKeys } from './api-keys.js';
import { HttpError } from './errors.js';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/**
 * Requires `Authorization: Bearer <key>` with an accepted key. With no keys configured the
 * guarded endpoints are closed (403) rather than open: writes must be enabled on purpose.
 */
export function requireApiKey(keys: ApiKeys): RequestHandler {
  return (req, res, next) => {
    if (!keys.configured) {
      next(
        new HttpError(
          403,
          'forbidden',
          'this endpoint needs an API key, and the server has none configured',
        ),
      );
      return;
    }
    const presented = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (presented === undefined || !keys.accepts(presented)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(
        new HttpError(
          401,
          'unauthorized',
          'a valid API key is required (Authorization: Bearer <key>)',
        ),
      );
      return;
    }
    next();
  };
}
