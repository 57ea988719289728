// @ts-check
// The HTTP API as the page uses it: JSON in, JSON out, failures as ApiError with a message a
// reader can act on. Answers are kept for a minute so back/forward re-renders without
// waiting, and not longer, so a reloaded index shows through. The types below are the parts
// of the responses (see /openapi.json) the page reads.

/**
 * @typedef {object} PaperSummary  what the page shows of any paper, and keeps when saved
 * @property {string} id
 * @property {string} title
 * @property {string[]} authors
 * @property {string | null} published
 * @property {string | null} [venue]
 * @property {string[]} [keywords]
 */

/**
 * @typedef {PaperSummary & {
 *   abstract: string, categories: string[], url: string | null, doi: string | null,
 *   arxiv_id: string | null, venue: string | null, keywords: string[],
 * }} Paper
 */

/**
 * @typedef {object} Hit  a ranked result
 * @property {string} id
 * @property {string} title
 * @property {string[]} authors
 * @property {string | null} published
 * @property {string | null} venue
 * @property {string[]} keywords
 * @property {number} score
 * @property {string} snippet
 * @property {{title: string, snippet: string}} [explain]
 * @property {Array<{id: string | null, title: string, score: number}>} [closest]
 */

/** @typedef {{results: Hit[]}} Ranked */

/**
 * @typedef {object} LibraryEntry  a library reference the server matched or embedded
 * @property {string | null} id
 * @property {string} title
 * @property {string} [abstract]
 * @property {'id'|'doi'|'arxiv_id'|'title'|'embedded'} matched_by
 */

/**
 * @typedef {object} Unmatched  a reference matched nowhere, or an entry that could not be read
 * @property {number} index
 * @property {number} [line]
 * @property {string | null} reference
 * @property {string} reason
 */

/** @typedef {{library: LibraryEntry[], unmatched: Unmatched[]}} ResolvedLibrary */
/** @typedef {Ranked & ResolvedLibrary} Recommendation */

/**
 * @typedef {object} GraphNode
 * @property {string} id
 * @property {string} title
 * @property {number | null} year
 * @property {string | null} published
 * @property {string[]} authors
 * @property {number} similarity
 * @property {number} ring
 */

/** @typedef {{nodes: GraphNode[], edges: Array<{source: string, target: string, similarity: number}>}} Graph */
/** @typedef {{count: number, index_version: string, embedder: {id: string}}} Stats */

/** An API failure: the server's `{error: {code, message}}`, or a network failure (status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const CACHE_SIZE = 50;
const CACHE_MS = 60_000;
const jsonHeaders = { accept: 'application/json', 'content-type': 'application/json' };
/** Request key -> {at, payload}, oldest first. @type {Map<string, {at: number, payload: unknown}>} */
const cache = new Map();

/**
 * @typedef {object} CallOptions
 * @property {string} [method]
 * @property {unknown} [body]  sent as JSON, or as it is when `type` names its media type
 * @property {string} [type]
 * @property {AbortSignal} [signal]
 */

/**
 * @param {string} path
 * @param {CallOptions} [options]
 * @returns {Promise<any>} the response's JSON, typed by each method of `api` below
 */
async function call(path, { method = 'GET', body, type, signal } = {}) {
  const text =
    body === undefined || type ? /** @type {string | undefined} */ (body) : JSON.stringify(body);
  const key = `${method} ${path} ${text ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.payload;
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { ...jsonHeaders, 'content-type': type ?? jsonHeaders['content-type'] },
      body: text,
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached. Check the connection.');
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `the server answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  cache.delete(key);
  cache.set(key, { at: Date.now(), payload });
  if (cache.size > CACHE_SIZE) cache.delete(/** @type {string} */ (cache.keys().next().value));
  return payload;
}

/**
 * @param {string} path
 * @param {URLSearchParams} params
 */
const withParams = (path, params) => {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
};

/** @param {string} id */
const paperPath = (id) => `papers/${encodeURIComponent(id)}`;

export const api = {
  /**
   * @param {URLSearchParams} params q, k, mode, explain and the filters
   * @param {AbortSignal} [signal]
   * @returns {Promise<Ranked>}
   */
  search: (params, signal) => call(withParams('search', params), { signal }),
  /**
   * @param {string} id
   * @param {AbortSignal} [signal]
   * @returns {Promise<{paper: Paper}>}
   */
  paper: (id, signal) => call(paperPath(id), { signal }),
  /**
   * @param {string} id
   * @param {URLSearchParams} params
   * @param {AbortSignal} [signal]
   * @returns {Promise<Ranked>}
   */
  related: (id, params, signal) => call(withParams(`${paperPath(id)}/related`, params), { signal }),
  /**
   * @param {object} body positive ids, or a library, with k, mode and filters
   * @param {AbortSignal} [signal]
   * @returns {Promise<Recommendation>}
   */
  recommend: (body, signal) => call('recommend', { method: 'POST', body, signal }),
  /**
   * A .bib or .ris file's text, matched to the index.
   * @param {string} text
   * @param {string} type the file's media type
   * @param {AbortSignal} [signal]
   * @returns {Promise<ResolvedLibrary>}
   */
  resolveLibrary: (text, type, signal) =>
    call('library/resolve', { method: 'POST', body: text, type, signal }),
  /**
   * @param {string} id
   * @param {URLSearchParams} params
   * @param {AbortSignal} [signal]
   * @returns {Promise<Graph>}
   */
  graph: (id, params, signal) => call(withParams(`${paperPath(id)}/graph`, params), { signal }),
  /**
   * @param {AbortSignal} [signal]
   * @returns {Promise<Stats>}
   */
  stats: (signal) => call('stats', { signal }),
};
