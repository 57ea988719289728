import express, { type RequestHandler } from 'express';
import { formatBytes } from './api-limits.js';
import { HttpError } from './errors.js';

/** A media type a route accepts, and how its body is parsed within a byte limit. */
export interface BodyType {
  mime: string;
  parser(limit: number): RequestHandler;
}

/**
 * JSON: any JSON value is accepted here (not only objects and arrays), so `null` or `3`
 * reaches the route's schema and gets its validation message rather than "not valid JSON".
 */
export const JSON_BODY: BodyType = {
  mime: 'application/json',
  parser: (limit) => express.json({ limit, strict: false }),
};

/** A text body of this media type, as a string. */
export const textBody = (mime: string): BodyType => ({
  mime,
  parser: (limit) => express.text({ type: mime, limit }),
});

/**
 * For POST routes: a body of one of `types`, refused with 415 before it is read otherwise;
 * then a parse limited to `maxBytes` (413 past it, 400 when malformed).
 */
export function requestBody(maxBytes: number, types: readonly BodyType[]): RequestHandler {
  const parsers = types.map((type) => ({ mime: type.mime, parse: type.parser(maxBytes) }));
  const names = types.map((type) => type.mime);
  const accepted =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  const tooLarge = `request body is larger than ${formatBytes(maxBytes)}`;
  return (req, res, next) => {
    const chosen = parsers.find((parser) => req.is(parser.mime));
    if (!chosen) {
      next(
        new HttpError(415, 'unsupported_media_type', `send the body as Content-Type: ${accepted}`),
      );
      return;
    }
    chosen.parse(req, res, (error?: unknown) => {
      const { type } = (error ?? {}) as { type?: unknown };
      next(type === 'entity.too.large' ? new HttpError(413, 'payload_too_large', tooLarge) : error);
    });
  };
}

/** For POST routes taking JSON only. */
export function jsonBody(maxBytes: number): RequestHandler {
  return requestBody(maxBytes, [JSON_BODY]);
}
