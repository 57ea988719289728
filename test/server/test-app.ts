import type { Express } from 'express';
import { createApp } from '../../src/server/app.js';
import type { ServiceMetrics } from '../../src/server/metrics.js';
import type { IndexHolder } from '../../src/search/index-holder.js';
import { loadedHolder, silentLog } from '../search/test-index.js';

export const MAX_QUERY_CHARS = 1000;

/**
 * The real app over a real index at `root`, as `serve` builds it, without a port. With
 * `metrics`, the index's query embeddings are reported to them as well, as `serve` does.
 */
export async function createTestApp(
  root: string,
  options: { modelsDir?: string; metrics?: ServiceMetrics } = {},
): Promise<{ app: Express; holder: IndexHolder }> {
  const { modelsDir, metrics } = options;
  const holder = await loadedHolder(root, { modelsDir, onEmbedBatch: metrics?.observeEmbedBatch });
  const app = createApp({
    holder,
    log: silentLog,
    limits: { maxQueryChars: MAX_QUERY_CHARS },
    metrics,
  });
  return { app, holder };
}
