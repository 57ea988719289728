import type { Express, RequestHandler } from 'express';
import { HttpError } from './errors.js';

/** The parts of Express's router this reads: its layers, their routes and matchers. */
interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  /** True for a layer mounted at the root (`app.use(router)`), which sees every path. */
  slash?: boolean;
  match(path: string): unknown;
}

/** Every route layer of the app, including those of routers mounted at the root. */
function routeLayers(stack: RouterLayer[]): RouterLayer[] {
  return stack.flatMap((layer) => {
    if (layer.route) return [layer];
    if (layer.slash && layer.handle?.stack) return routeLayers(layer.handle.stack);
    return [];
  });
}

/** A path the router cannot decode matches nothing here; the router already answered it. */
function matches(layer: RouterLayer, path: string): boolean {
  try {
    return Boolean(layer.match(path));
  } catch {
    return false;
  }
}

/** The methods a route answers, HEAD included wherever GET is (Express answers it so). */
function methodsOf(route: NonNullable<RouterLayer['route']>): string[] {
  const methods = Object.keys(route.methods).map((m) => m.toUpperCase());
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}

/**
 * Mounted after every route: a path no route serves is a 404; a path some route serves
 * with other methods is a 405 whose `Allow` header lists them. The routes are read from
 * the app's own router on first use, so the list cannot drift from what is mounted.
 */
export function unmatchedRoute(app: Express): RequestHandler {
  let routes: RouterLayer[] | undefined;
  return (req, res, next) => {
    routes ??= routeLayers((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
    const allowed = new Set(
      routes
        .filter((layer) => matches(layer, req.path))
        .flatMap((layer) => methodsOf(layer.route!)),
    );
    if (allowed.size === 0) {
      next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
      return;
    }
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(
      new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allow}`),
    );
  };
}
