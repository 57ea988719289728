import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

const parseJson = express.json({ limit: MAX_BODY_BYTES, strict: true });

/**
 * For POST routes: JSON only, refused with 415 before the body is read; then a size-limited
 * parse (413 past the limit, 400 when malformed).
 */
export const jsonBody: RequestHandler = (req, res, next) => {
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
  parseJson(req, res, next);
};
