import { Router } from 'express';
import type { ServiceMetrics } from '../metrics.js';

/** `GET /metrics`: every series of this app's registry, in Prometheus text format. */
export function metricsRoutes(metrics: ServiceMetrics): Router {
  const router = Router();

  router.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(body);
  });

  return router;
}
