import type { Express } from 'express';
import { ChangeLog } from '../../src/changes/change-log.js';
import { PaperWriter } from '../../src/changes/paper-writer.js';
import { IndexHolder, type IndexLoader } from '../../src/search/index-holder.js';
import { loadIndex } from '../../src/search/index-loader.js';
import { accessPolicy, type AccessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import { silentLog } from '../search/test-index.js';

export const API_KEY = 'test-key-0123456789';

/** A loader as `serve` has it: sharing the previous embedder, replaying the change log. */
export function liveLoader(changes: ChangeLog | null = null, modelsDir = 'models'): IndexLoader {
  return (root, previous) =>
    loadIndex(
      root,
      { model: { modelsDir, batchSize: 16, threads: 1 }, queryBatch: 16, filterScanBelow: 2000 },
      silentLog,
      { previous, changes },
    );
}

export interface LiveApp {
  app: Express;
  holder: IndexHolder;
  changes: ChangeLog;
  close(): Promise<void>;
}

/** The real app over the index root, writable, keyed with API_KEY, as `serve` builds it. */
export async function createLiveApp(
  root: string,
  access: Partial<AccessPolicy> = {},
): Promise<LiveApp> {
  const changes = ChangeLog.open(root);
  const holder = new IndexHolder(liveLoader(changes));
  await holder.load(root);
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
    close: async () => {
      await holder.close();
      changes.close();
    },
  };
}
