import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { labelRoute } from './request-metrics.js';

/** The search page's files: `web/` at the project root, two levels above src/server and dist/server. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * Serves the search page at `/`. The files carry no content hash in their names, so browsers
 * revalidate on every load (ETag / Last-Modified, a cheap 304) rather than risk running a stale
 * app.js against a newer page.
 */
export function webPage(root = WEB_ROOT): RequestHandler {
  return express.static(root, {
    index: 'index.html',
    etag: true,
    lastModified: true,
    fallthrough: true,
    redirect: false,
    setHeaders: (res) => {
      res.setHeader('Cache-Control', 'no-cache');
      labelRoute(res, 'static');
    },
  });
}
