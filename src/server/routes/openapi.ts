import { Router } from 'express';
import { openApiDocument } from '../openapi.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /openapi.json`: the OpenAPI 3.1 description of this API, built once per app. */
export function openapiRoutes({ schemas }: Pick<RouteDeps, 'schemas'>): Router {
  const router = Router();
  const document = openApiDocument(schemas);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  return router;
}
