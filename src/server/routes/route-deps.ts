import type { IndexHolder } from '../../serving/index-holder.js';
import type { Schemas } from '../validation.js';

/** What every route group needs: the index holder to borrow from, and the request schemas. */
export interface RouteDeps {
  holder: IndexHolder;
  schemas: Schemas;
}
