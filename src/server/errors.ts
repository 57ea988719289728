import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { EmptyLibraryError, NotFoundError, NotReadyError } from '../search/errors.js';
import { LibraryFormatError, LibraryTooLargeError } from '../search/library-import.js';
import { WritesBackloggedError } from '../serving/write-folding.js';

/** An error meant for the client: an HTTP status and a stable machine-readable code. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Fields added to the error object beside code and message (see ErrorResponse). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** body-parser's error types, mapped to what the client did wrong (a too-large body: jsonBody). */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'malformed_json', 'request body is not valid JSON'],
  'charset.unsupported': [415, 'unsupported_media_type', 'request body charset is not supported'],
  'encoding.unsupported': [415, 'unsupported_media_type', 'request body encoding is not supported'],
  'request.aborted': [400, 'bad_request', 'request body was aborted'],
  'request.size.invalid': [400, 'bad_request', 'request body does not match its Content-Length'],
};

/** Turns anything thrown into the error a client may see; null for a genuine internal error. */
export function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof ZodError) return new HttpError(400, 'invalid_request', describe(error));
  if (error instanceof NotFoundError) return new HttpError(404, 'not_found', error.message);
  if (error instanceof NotReadyError) return new HttpError(503, 'not_ready', error.message);
  if (error instanceof WritesBackloggedError)
    return new HttpError(503, 'writes_backlogged', error.message);
  if (error instanceof LibraryTooLargeError)
    return new HttpError(413, 'library_too_large', error.message);
  if (error instanceof LibraryFormatError)
    return new HttpError(400, 'invalid_library', error.message);
  if (error instanceof EmptyLibraryError)
    return new HttpError(400, 'empty_library', error.message, { unmatched: error.unmatched });
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) return new HttpError(...known);
  // Other client errors from Express itself (e.g. an undecodable %-escape in the path).
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new HttpError(status, 'bad_request', 'the request could not be understood');
  return null;
}

function describe(error: ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

/**
 * The one error handler: `{error: {code, message}}`, never a stack or a file path. Unknown
 * errors are logged and answered with a bare 500.
 */
export function errorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = toHttpError(error);
    if (known) {
      if (known.status === 503) res.setHeader('Retry-After', '1');
      const { code, message, details } = known;
      res.status(known.status).json({ error: { code, message, ...details } });
      return;
    }
    // pino-http logs the finished request at error level with this attached (stack included).
    res.err = error instanceof Error ? error : new Error(String(error));
    res.status(500).json({ error: { code: 'internal', message: 'internal server error' } });
  };
}
