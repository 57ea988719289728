import type { Logger } from 'pino';
import type { Embedder } from '../embed/embedder.js';
import { loadIndexEmbedder, type ModelSettings } from '../embed/embedder-factory.js';
import { resolvePublished } from '../index/index-root.js';
import { assertEmbedderMatches } from '../index/manifest.js';
import { openIndex, type OpenIndex } from '../index/open-index.js';
import { FilterIndex } from './filters.js';
import type { LoadedIndex } from './index-holder.js';
import { QueryBatcher, type BatchObserver } from './query-batcher.js';
import { SearchService, type ServiceSettings } from './search-service.js';

export interface LoadSettings extends ServiceSettings {
  model: Pick<ModelSettings, 'modelsDir' | 'batchSize' | 'threads'>;
  /** Most queries embedded in one call by the micro-batcher. */
  queryBatch: number;
  /** Sees every query embedding call (for metrics). */
  onEmbedBatch?: BatchObserver;
}

export class IndexLoadError extends Error {
  override name = 'IndexLoadError';
}

/**
 * Opens the published version under `root`, recreates and checks its embedder, builds the
 * filter facts and warms the embedder with one query, so the first request is not slow.
 */
export async function loadIndex(
  root: string,
  settings: LoadSettings,
  log: Logger,
): Promise<LoadedIndex> {
  const dir = await resolvePublished(root);
  if (!dir)
    throw new IndexLoadError(`no published index at ${root}: run "paper-search ingest" first`);
  const started = performance.now();
  const opened = await openIndex(dir);
  let embedder: Embedder | null = null;
  try {
    embedder = await loadIndexEmbedder(opened.manifest.embedder.spec, settings.model, (key) =>
      opened.store.getMeta(key),
    );
    assertEmbedderMatches(opened.manifest, embedder);
    const service = await startService(opened, embedder, settings);
    log.info(
      {
        version: opened.version,
        papers: service.count,
        embedder: embedder.id,
        ms: Math.round(performance.now() - started),
      },
      'index loaded',
    );
    return { version: opened.version, dir, service, close: closer(opened, embedder) };
  } catch (error) {
    await embedder?.dispose();
    opened.close();
    throw error;
  }
}

async function startService(
  opened: OpenIndex,
  embedder: Embedder,
  settings: LoadSettings,
): Promise<SearchService> {
  const filters = FilterIndex.build(opened.store.filterFacts());
  const batcher = new QueryBatcher(embedder, settings.queryBatch, settings.onEmbedBatch);
  // The first inference allocates the runtime's buffers; pay for it before serving.
  await batcher.embed('warm up');
  return new SearchService(opened, filters, (text) => batcher.embed(text), settings);
}

function closer(opened: OpenIndex, embedder: Embedder): () => Promise<void> {
  return async () => {
    try {
      await embedder.dispose();
    } finally {
      opened.close();
    }
  };
}
