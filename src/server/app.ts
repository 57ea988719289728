import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { IndexHolder } from '../search/index-holder.js';
import { errorHandler, notFoundRoute } from './errors.js';
import { httpLogger } from './http-logger.js';
import { ServiceMetrics } from './metrics.js';
import { requestMetrics } from './request-metrics.js';
import { stampArrival } from './respond.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { paperRoutes } from './routes/papers.js';
import { recommendRoutes } from './routes/recommend.js';
import { searchRoutes } from './routes/search.js';
import { createSchemas, type ValidationLimits } from './validation.js';
import { webPage } from './web.js';

export interface AppDeps {
  holder: IndexHolder;
  log: Logger;
  limits: ValidationLimits;
  /** Where requests, embeddings and the index are measured; a fresh registry when absent. */
  metrics?: ServiceMetrics;
}

/** The HTTP API as an Express app, not listening: servers and tests mount it as they like. */
export function createApp({
  holder,
  log,
  limits,
  metrics = new ServiceMetrics(),
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  metrics.watchIndex(holder);
  app.use(stampArrival, requestMetrics(metrics), httpLogger(log), helmet());
  const deps = { holder, schemas: createSchemas(limits) };
  app.use(healthRoutes(deps), paperRoutes(deps), searchRoutes(deps), recommendRoutes(deps));
  app.use(metricsRoutes(metrics), webPage());
  app.use(notFoundRoute);
  app.use(errorHandler());
  return app;
}
