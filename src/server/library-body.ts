import type { Request, RequestHandler } from 'express';
import {
  readLibraryText,
  type ImportedLibrary,
  type LibraryFormat,
} from '../search/library-import.js';
import type { ApiLimits } from './api-limits.js';
import { HttpError } from './errors.js';
import { JSON_BODY, requestBody, textBody } from './json-body.js';

/** Media types a library file may be sent as, and the reader each is read with. */
export const LIBRARY_TYPES: Readonly<Record<string, LibraryFormat>> = {
  'application/x-bibtex': 'bibtex',
  'application/x-research-info-systems': 'ris',
};

/** The body of a route taking a library: JSON, or a whole BibTeX or RIS file. */
export function libraryBody(limits: ApiLimits): RequestHandler {
  return requestBody(limits.maxLibraryBytes, [
    JSON_BODY,
    ...Object.keys(LIBRARY_TYPES).map(textBody),
  ]);
}

/** The library file the request carries, read; null when the body is JSON. */
export async function libraryFile(
  req: Request,
  limits: ApiLimits,
): Promise<ImportedLibrary | null> {
  const format = Object.entries(LIBRARY_TYPES).find(([mime]) => req.is(mime))?.[1];
  if (!format) return null;
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') throw new HttpError(400, 'invalid_request', 'the library file is empty');
  return readLibraryText(text, format, limits.maxLibrary);
}

/** Too many references is a 413, as a too-large body is, not a validation error. */
export function refuseLargeLibrary(body: unknown, max: number): void {
  const library = (body as { library?: unknown } | null)?.library;
  if (Array.isArray(library) && library.length > max) {
    throw new HttpError(
      413,
      'library_too_large',
      `the library holds ${library.length} references; send at most ${max} per request`,
    );
  }
}
