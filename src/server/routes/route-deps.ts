import type { RequestHandler } from 'express';
import type { IndexHolder } from '../../serving/index-holder.js';
import type { Schemas } from '../validation.js';

/**
 * What every route group needs: the index holder to borrow from, the request schemas, and
 * the JSON body parser (both built from the app's limits).
 */
export interface RouteDeps {
  holder: IndexHolder;
  schemas: Schemas;
  jsonBody: RequestHandler;
}
