import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Helmet's headers with a content security policy for the search page: its module script,
 * stylesheet and icon come from this origin, it calls only this API, and nothing inline
 * runs or applies. Frames and plugins are refused outright.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}

/**
 * CORS for the listed browser origins (`*` for any); with none listed no CORS headers are
 * sent, so only same-origin pages can read responses. Authorization is an allowed header,
 * so keyed calls work cross-origin; credentials (cookies) are never involved.
 */
export function corsPolicy(origins: string[]): RequestHandler | null {
  if (origins.length === 0) return null;
  return cors({
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
