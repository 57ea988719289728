import type { Express } from 'express';
import { createApp } from '../../src/server/app.js';
import type { ServiceMetrics } from '../../src/server/metrics.js';
import type { IndexHolder } from '../../src/serving/index-holder.js';
import { afterAll, beforeAll } from 'vitest';
import { buildTestIndex, loadedHolder, silentLog, type TestIndex } from '../search/test-index.js';

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

/** A suite's lexical sample index and app, built before its tests and removed after. */
export interface LexicalAppContext {
  index: TestIndex;
  holder: IndexHolder;
  app: Express;
}

export function useLexicalApp(): LexicalAppContext {
  const context = {} as LexicalAppContext;
  beforeAll(async () => {
    context.index = await buildTestIndex({ embedder: 'lexical' });
    Object.assign(context, await createTestApp(context.index.root));
  });
  afterAll(async () => {
    await context.holder?.close();
    await context.index?.cleanup();
  });
  return context;
}
