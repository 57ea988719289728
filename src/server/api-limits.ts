/**
 * The bounds of what a request may ask for. Defined here once: the request schemas, the
 * body parser, the OpenAPI document and the error messages are all built from these values.
 */
export interface ApiLimits {
  /** Longest free-text query, in characters (configured: PAPER_SEARCH_MAX_QUERY_CHARS). */
  maxQueryChars: number;
  /** Most results one request may ask for. */
  maxK: number;
  /** Results when a request does not say. */
  defaultK: number;
  /** Most paper ids in one `positive` or `negative` list. */
  maxIds: number;
  /** Longest paper id, in characters. */
  maxIdChars: number;
  /** Largest JSON request body, in bytes. */
  maxBodyBytes: number;
  /** Most references in one library sent to `POST /recommend` (413 beyond). */
  maxLibrary: number;
  /** Largest `POST /recommend` body (a library as JSON, BibTeX or RIS), in bytes. */
  maxLibraryBytes: number;
  /** Papers on a related-work map: the most one may ask for, and the default. */
  maxGraphSize: number;
  defaultGraphSize: number;
  /** Publication-year filters must lie within these years, inclusive. */
  minYear: number;
  maxYear: number;
}

export const DEFAULT_API_LIMITS: Omit<ApiLimits, 'maxQueryChars'> = {
  maxK: 100,
  defaultK: 10,
  maxIds: 100,
  maxIdChars: 512,
  maxBodyBytes: 64 * 1024,
  // References the index lacks are embedded while the request waits: the bound keeps a
  // library of abstracts inside the request timeout with a transformer on a small machine.
  maxLibrary: 500,
  maxLibraryBytes: 2 * 1024 * 1024,
  maxGraphSize: 100,
  defaultGraphSize: 30,
  minYear: 0,
  maxYear: 9999,
};

/** What an app is given: the configured query length, and any default to replace. */
export type ValidationLimits = Pick<ApiLimits, 'maxQueryChars'> & Partial<ApiLimits>;

export function apiLimits(settings: ValidationLimits): ApiLimits {
  return { ...DEFAULT_API_LIMITS, ...settings };
}

/** `65536` → `64 KiB`, for messages and the document. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
