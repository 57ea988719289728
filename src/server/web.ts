import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { PROJECT_ROOT } from '../util/project-root.js';
import { labelRoute } from './request-metrics.js';

/** The search page's files: `web/` at the project root. */
export const WEB_ROOT = join(PROJECT_ROOT, 'web');

/**
 * The compiled export writers (pure modules, no Node imports), which the page loads to write
 * its library as BibTeX rather than writing BibTeX a second time: `dist/export`, also when the
 * sources run.
 */
export const EXPORT_ROOT = join(PROJECT_ROOT, 'dist', 'export');

/** npm packages the page imports as ES modules, served from the project, never a CDN. */
export const VENDOR_MODULES = ['d3-force', 'd3-dispatch', 'd3-quadtree', 'd3-timer'] as const;

/**
 * Serves the search page at `/`, the export writers under `/lib/export/` and the page's npm
 * modules under `/vendor/`. The files carry no content hash in their names, so browsers
 * revalidate on every load (ETag / Last-Modified, a cheap 304) rather than risk running a stale
 * app.js against a newer page.
 */
export function webPage(root = WEB_ROOT): RequestHandler {
  const router = Router();
  const options = {
    etag: true,
    lastModified: true,
    fallthrough: true,
    redirect: false,
    setHeaders: (res: express.Response) => {
      res.setHeader('Cache-Control', 'no-cache');
      labelRoute(res, 'static');
    },
  };
  router.use('/lib/export', express.static(EXPORT_ROOT, { ...options, index: false }));
  router.use('/vendor', vendorModules());
  router.use(express.static(root, { ...options, index: 'index.html' }));
  return router;
}

/**
 * A package's ES module build with its imports of the other served packages made relative
 * (`from 'd3-timer'` becomes `from './d3-timer.js'`): browsers cannot resolve bare specifiers,
 * and an inline import map would need the content security policy to allow inline scripts.
 */
function vendorModules(): RequestHandler {
  const require = createRequire(import.meta.url);
  const sources = new Map<string, string>();
  const bare = new RegExp(`from '(${VENDOR_MODULES.join('|')})'`, 'g');
  const sourceOf = (name: string): string => {
    let source = sources.get(name);
    if (source === undefined) {
      source = readFileSync(require.resolve(name), 'utf8').replace(bare, "from './$1.js'");
      sources.set(name, source);
    }
    return source;
  };
  return (req, res, next) => {
    const name = /^\/([\w-]+)\.js$/.exec(req.path)?.[1] ?? '';
    if (req.method !== 'GET' || !(VENDOR_MODULES as readonly string[]).includes(name)) {
      next();
      return;
    }
    labelRoute(res, 'static');
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(sourceOf(name));
  };
}
