import type { Express } from 'express';
import { createApp } from '../../src/server/app.js';
import type { IndexHolder } from '../../src/search/index-holder.js';
import { loadedHolder, silentLog } from '../search/test-index.js';

export const MAX_QUERY_CHARS = 1000;

/** The real app over a real index at `root`, as `serve` builds it, without a port. */
export async function createTestApp(
  root: string,
  options: { modelsDir?: string } = {},
): Promise<{ app: Express; holder: IndexHolder }> {
  const holder = await loadedHolder(root, options);
  const app = createApp({ holder, log: silentLog, limits: { maxQueryChars: MAX_QUERY_CHARS } });
  return { app, holder };
}
