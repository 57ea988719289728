import type { RequestHandler } from 'express';

/**
 * DOIs (`doi:10.1103/PhysRevD.76.013009`) and old-style arXiv ids (`hep-th/9901001`) hold
 * slashes. Clients may send them percent-encoded or as they are; this rewrites the raw form to
 * the encoded one before routing, so `/papers/:id` and `/papers/:id/related` match either way.
 */
export const encodeSlashedPaperRefs: RequestHandler = (req, _res, next) => {
  const match = /^\/papers\/([^?]+)(\?.*)?$/.exec(req.url);
  if (match) {
    const segments = match[1].split('/');
    const related = segments.length > 1 && segments.at(-1) === 'related';
    const ref = related ? segments.slice(0, -1) : segments;
    if (ref.length > 1 && ref.every((s) => s !== '')) {
      req.url = `/papers/${ref.join('%2F')}${related ? '/related' : ''}${match[2] ?? ''}`;
    }
  }
  next();
};
