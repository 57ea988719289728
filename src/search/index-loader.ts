import type { Logger } from 'pino';
import type { ChangeLog } from '../changes/change-log.js';
import { LiveChanges } from '../changes/live-changes.js';
import { loadIndexEmbedder, type ModelSettings } from '../embed/embedder-factory.js';
import { resolvePublished } from '../index/index-root.js';
import { assertEmbedderMatches } from '../index/manifest.js';
import { openIndex, type OpenIndex } from '../index/open-index.js';
import { OverlayStore } from '../index/overlay-store.js';
import { FilterIndex } from './filters.js';
import type { LoadedIndex } from './index-holder.js';
import { QueryBatcher, type BatchObserver } from './query-batcher.js';
import { SearchService, type ServiceSettings } from './search-service.js';
import { SharedEmbedder } from './shared-embedder.js';

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

/** What a load may reuse or attach: the version served now, and the root's change log. */
export interface LoadContext {
  previous?: LoadedIndex | null;
  changes?: ChangeLog | null;
}

/**
 * Opens the published version under `root`, recreates and checks its embedder (or shares the
 * previous version's when the fingerprints match, so a reload does not load the model
 * again), builds the filter facts, attaches the layer for API writes and warms the whole
 * query path once, so the first request is not slow.
 */
export async function loadIndex(
  root: string,
  settings: LoadSettings,
  log: Logger,
  context: LoadContext = {},
): Promise<LoadedIndex> {
  const dir = await resolvePublished(root);
  if (!dir)
    throw new IndexLoadError(`no published index at ${root}: run "paper-search ingest" first`);
  const started = performance.now();
  const opened = await openIndex(dir);
  let embedding: SharedEmbedder | null = null;
  let overlay: OverlayStore | null = null;
  try {
    embedding = await embeddingFor(opened, settings, context.previous?.embedding);
    overlay = new OverlayStore(opened.store, opened.store.maxLabel() + 1);
    const filters = FilterIndex.build(opened.store.filterFacts());
    const live = new LiveChanges(
      overlay,
      opened.vectors,
      filters,
      embedding.embedder,
      opened.manifest.changesThrough ?? 0,
    );
    const shared = embedding;
    const service = new SearchService(
      { ...opened, store: overlay },
      filters,
      (text) => shared.embedQuery(text),
      settings,
    );
    // The first inference allocates the runtime's buffers, the first queries page in the
    // store and the vectors: pay for both before serving.
    await service.search('warm up', { k: 1 });
    log.info(
      {
        version: opened.version,
        papers: service.count,
        embedder: embedding.embedder.id,
        reusedEmbedder: embedding === context.previous?.embedding,
        ms: Math.round(performance.now() - started),
      },
      'index loaded',
    );
    const { changes } = context;
    return {
      version: opened.version,
      dir,
      service,
      embedding,
      live,
      catchUp: changes
        ? async () => {
            const replayed = await live.catchUp(changes);
            if (replayed > 0) log.info({ version: opened.version, replayed }, 'replayed writes');
          }
        : undefined,
      close: closer(opened, overlay, embedding),
    };
  } catch (error) {
    await embedding?.release();
    overlay?.close();
    opened.close();
    throw error;
  }
}

/** The previous version's embedder when it embeds exactly as this index expects, else a new one. */
async function embeddingFor(
  opened: OpenIndex,
  settings: LoadSettings,
  previous: SharedEmbedder | undefined,
): Promise<SharedEmbedder> {
  if (previous && previous.fingerprint === opened.manifest.embedder.fingerprint) {
    assertEmbedderMatches(opened.manifest, previous.embedder);
    return previous.acquire();
  }
  const embedder = await loadIndexEmbedder(opened.manifest.embedder.spec, settings.model, (key) =>
    opened.store.getMeta(key),
  );
  try {
    assertEmbedderMatches(opened.manifest, embedder);
  } catch (error) {
    await embedder.dispose();
    throw error;
  }
  return new SharedEmbedder(
    embedder,
    new QueryBatcher(embedder, settings.queryBatch, settings.onEmbedBatch),
  );
}

function closer(
  opened: OpenIndex,
  overlay: OverlayStore,
  embedding: SharedEmbedder,
): () => Promise<void> {
  return async () => {
    try {
      await embedding.release();
    } finally {
      overlay.close();
      opened.close();
    }
  };
}
