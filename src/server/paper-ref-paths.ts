import type { RequestHandler } from 'express';

/** What may follow a paper reference in a path. */
const SUBPATHS = new Set(['related', 'graph']);

/**
 * DOIs (`doi:10.1103/PhysRevD.76.013009`) and old-style arXiv ids (`hep-th/9901001`) hold
 * slashes. Clients may send them percent-encoded or as they are; this rewrites the raw form to
 * the encoded one before routing, so `/papers/:id` and its sub-paths match either way.
 */
export const encodeSlashedPaperRefs: RequestHandler = (req, _res, next) => {
  const match = /^\/papers\/([^?]+)(\?.*)?$/.exec(req.url);
  if (match) {
    const segments = match[1].split('/');
    const tail = segments.length > 1 && SUBPATHS.has(segments.at(-1) as string);
    const ref = tail ? segments.slice(0, -1) : segments;
    if (ref.length > 1 && ref.every((s) => s !== '')) {
      const suffix = tail ? `/${segments.at(-1)}` : '';
      req.url = `/papers/${ref.join('%2F')}${suffix}${match[2] ?? ''}`;
    }
  }
  next();
};
