import { Router } from 'express';
import type { ApiLimits } from '../api-limits.js';
import { openApiDocument } from '../openapi.js';

/** `GET /openapi.json`: the OpenAPI 3.1 description of this API, built once per app. */
export function openapiRoutes(limits: ApiLimits): Router {
  const router = Router();
  const document = openApiDocument(limits);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  return router;
}
