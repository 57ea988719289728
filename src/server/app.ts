import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { IndexHolder } from '../search/index-holder.js';
import { errorHandler, notFoundRoute } from './errors.js';
import { httpLogger } from './http-logger.js';
import { stampArrival } from './respond.js';
import { healthRoutes } from './routes/health.js';
import { paperRoutes } from './routes/papers.js';
import { recommendRoutes } from './routes/recommend.js';
import { searchRoutes } from './routes/search.js';
import { createSchemas, type ValidationLimits } from './validation.js';

export interface AppDeps {
  holder: IndexHolder;
  log: Logger;
  limits: ValidationLimits;
}

/** The HTTP API as an Express app, not listening: servers and tests mount it as they like. */
export function createApp({ holder, log, limits }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(stampArrival, httpLogger(log), helmet());
  const deps = { holder, schemas: createSchemas(limits) };
  app.use(healthRoutes(deps), paperRoutes(deps), searchRoutes(deps), recommendRoutes(deps));
  app.use(notFoundRoute);
  app.use(errorHandler());
  return app;
}
