import express, { type RequestHandler } from 'express';
import { formatBytes } from './api-limits.js';
import { HttpError } from './errors.js';

/**
 * For POST routes: JSON only, refused with 415 before the body is read; then a parse
 * limited to `maxBytes` (413 past it, 400 when malformed). Any JSON value is accepted here
 * (not only objects and arrays), so `null` or `3` reaches the route's schema and gets its
 * validation message rather than "not valid JSON".
 */
export function jsonBody(maxBytes: number): RequestHandler {
  const parse = express.json({ limit: maxBytes, strict: false });
  const tooLarge = `request body is larger than ${formatBytes(maxBytes)}`;
  return (req, res, next) => {
    if (!req.is('application/json')) {
      next(
        new HttpError(
          415,
          'unsupported_media_type',
          'send the body as Content-Type: application/json',
        ),
      );
      return;
    }
    parse(req, res, (error?: unknown) => {
      const { type } = (error ?? {}) as { type?: unknown };
      next(type === 'entity.too.large' ? new HttpError(413, 'payload_too_large', tooLarge) : error);
    });
  };
}
