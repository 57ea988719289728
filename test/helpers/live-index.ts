import type { Express } from 'express';
import type { Backend } from '../../src/index/backend.js';
import type { ChangeLog } from '../../src/index/change-log.js';
import { accessPolicy, type AccessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import { IndexHolder, type IndexLoader } from '../../src/serving/index-holder.js';
import { loadIndex } from '../../src/serving/index-loader.js';
import { PaperWriter } from '../../src/serving/paper-writer.js';
import { silentLog, testBackend } from '../search/test-index.js';

export const API_KEY = 'test-key-0123456789';

/** A loader as `serve` has it: sharing the previous embedder, replaying the change log. */
export function liveLoader(
  backend: Backend,
  changes: ChangeLog | null = null,
  modelsDir = 'models',
): IndexLoader {
  return (previous) =>
    loadIndex(
      backend,
      { model: { modelsDir, batchSize: 16, threads: 1 }, queryBatch: 16 },
      silentLog,
      { previous, changes },
    );
}

export interface LiveApp {
  app: Express;
  holder: IndexHolder;
  changes: ChangeLog;
  backend: Backend;
  close(): Promise<void>;
}

/** The real app over the index root, writable, keyed with API_KEY, as `serve` builds it. */
export async function createLiveApp(
  root: string,
  access: Partial<AccessPolicy> = {},
): Promise<LiveApp> {
  const backend = await testBackend(root);
  const changes = await backend.changeLog();
  if (!changes) throw new Error(`no change log can be kept in ${root}`);
  const holder = new IndexHolder(backend, liveLoader(backend, changes));
  await holder.load();
  const app = createApp({
    holder,
    log: silentLog,
    limits: { maxQueryChars: 1000 },
    access: accessPolicy({ keys: new ApiKeys([API_KEY]), ...access }),
    writer: new PaperWriter(holder, changes),
  });
  return {
    app,
    holder,
    changes,
    backend,
    close: async () => {
      await holder.close();
      await changes.close();
      await backend.close();
    },
  };
}
