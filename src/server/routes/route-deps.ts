import type { RequestHandler } from 'express';
import type { IndexHolder } from '../../serving/index-holder.js';
import type { ApiLimits } from '../api-limits.js';
import type { Schemas } from '../validation.js';

/**
 * What every route group needs: the index holder to borrow from, the request limits and the
 * schemas and JSON body parser built from them.
 */
export interface RouteDeps {
  holder: IndexHolder;
  limits: ApiLimits;
  schemas: Schemas;
  jsonBody: RequestHandler;
}
