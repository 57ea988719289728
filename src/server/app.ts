import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { PaperWriter } from '../serving/paper-writer.js';
import type { IndexHolder } from '../serving/index-holder.js';
import { accessPolicy, type AccessPolicy } from './access-policy.js';
import { requireApiKey } from './auth.js';
import { apiLimits, type ValidationLimits } from './api-limits.js';
import { errorHandler } from './errors.js';
import { httpLogger } from './http-logger.js';
import { jsonBody } from './json-body.js';
import { rateLimiter, requestTimeout, urlLimit } from './limits.js';
import { ServiceMetrics } from './metrics.js';
import { requestMetrics } from './request-metrics.js';
import { encodeSlashedPaperRefs } from './paper-ref-paths.js';
import { stampArrival } from './respond.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { paperWriteRoutes } from './routes/paper-writes.js';
import { paperRoutes } from './routes/papers.js';
import { libraryRoutes } from './routes/library.js';
import { recommendRoutes } from './routes/recommend.js';
import { searchRoutes } from './routes/search.js';
import { corsPolicy, securityHeaders } from './security-headers.js';
import { unmatchedRoute } from './unmatched-route.js';
import { createSchemas } from './validation.js';
import { webPage } from './web.js';

export interface AppDeps {
  holder: IndexHolder;
  log: Logger;
  /** The configured query length, and any other request limit to change (see ApiLimits). */
  limits: ValidationLimits;
  /** Where requests, embeddings and the index are measured; a fresh registry when absent. */
  metrics?: ServiceMetrics;
  /** Keys, rate limits, CORS, size and time limits; see accessPolicy for the defaults. */
  access?: Partial<AccessPolicy>;
  /** Applies `POST /papers` and `DELETE /papers/:id`; null serves read-only (409). */
  writer?: PaperWriter | null;
}

/** Read endpoints that need a key when reads are protected; probes and the page stay open. */
const READ_PATHS = ['/search', '/papers', '/recommend', '/library', '/stats'];

/** The HTTP API as an Express app, not listening: servers and tests mount it as they like. */
export function createApp({
  holder,
  log,
  limits,
  metrics = new ServiceMetrics(),
  access,
  writer = null,
}: AppDeps): Express {
  const policy = accessPolicy(access);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', policy.trustProxy);
  metrics.watchIndex(holder);
  app.use(stampArrival, requestMetrics(metrics), httpLogger(log), securityHeaders());
  app.use(encodeSlashedPaperRefs);
  const cors = corsPolicy(policy.corsOrigins);
  if (cors) app.use(cors);
  // Limits come before authentication, so guessing keys is rate limited too.
  app.use(
    urlLimit(policy.maxUrlBytes),
    requestTimeout(policy.requestTimeoutMs),
    rateLimiter(policy.rateLimit, policy.rateWindowMs),
  );
  const keyed = requireApiKey(policy.keys);
  if (policy.protectReads) app.use(READ_PATHS, keyed);
  const requestLimits = apiLimits(limits);
  const deps = {
    holder,
    limits: requestLimits,
    schemas: createSchemas(requestLimits),
    jsonBody: jsonBody(requestLimits.maxBodyBytes),
  };
  app.use(
    healthRoutes(deps),
    paperRoutes(deps),
    searchRoutes(deps),
    recommendRoutes(deps),
    libraryRoutes(deps),
  );
  app.use(
    paperWriteRoutes({ ...deps, writer, guard: keyed }),
    adminRoutes({ holder, log, guard: keyed, requestTimeoutMs: policy.requestTimeoutMs }),
  );
  app.use(metricsRoutes(metrics), openapiRoutes(requestLimits), webPage());
  app.use(unmatchedRoute(app));
  app.use(errorHandler());
  return app;
}
