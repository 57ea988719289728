// The HTTP API as the page uses it: JSON in, JSON out, failures as ApiError with a message a
// reader can act on. Answers are kept for a minute so back/forward re-renders without
// waiting, and not longer, so a reloaded index shows through.

/** An API failure: the server's `{error: {code, message}}`, or a network failure (status 0). */
export class ApiError extends Error {
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
/** Request key -> {at, payload}, oldest first. */
const cache = new Map();

async function call(path, { method = 'GET', body, type, signal } = {}) {
  const text = body === undefined || type ? body : JSON.stringify(body);
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
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached. Check the connection.');
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    const failure = new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `the server answered ${response.status} ${response.statusText}`.trim(),
    );
    failure.unmatched = error?.unmatched ?? [];
    throw failure;
  }
  cache.delete(key);
  cache.set(key, { at: Date.now(), payload });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  return payload;
}

const withParams = (path, params) => {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
};

export const api = {
  /** `params`: URLSearchParams of q, k, mode, explain and the filters. */
  search: (params, signal) => call(withParams('search', params), { signal }),
  paper: (id, signal) => call(`papers/${encodeURIComponent(id)}`, { signal }),
  related: (id, params, signal) =>
    call(withParams(`papers/${encodeURIComponent(id)}/related`, params), { signal }),
  recommend: (body, signal) => call('recommend', { method: 'POST', body, signal }),
  /** A .bib or .ris file's text, matched to the index: `{library, unmatched}`. */
  resolveLibrary: (text, type, signal) =>
    call('library/resolve', { method: 'POST', body: text, type, signal }),
  graph: (id, params, signal) =>
    call(withParams(`papers/${encodeURIComponent(id)}/graph`, params), { signal }),
  stats: (signal) => call('stats', { signal }),
};
