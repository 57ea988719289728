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
