import type { Logger } from 'pino';
import { loadIndexEmbedder, type ModelSettings } from '../embed/embedder-factory.js';
import type { Backend, IndexVersion } from '../index/backend.js';
import type { ChangeLog } from '../index/change-log.js';
import { assertEmbedderMatches } from '../index/manifest.js';
import { SearchService, type ServiceSettings } from '../search/search-service.js';
import type { LoadedIndex } from './index-holder.js';
import { LiveChanges } from './live-changes.js';
import { Overlay } from './overlay.js';
import { QueryBatcher, type BatchObserver } from './query-batcher.js';
import { SharedEmbedder } from './shared-embedder.js';

export interface LoadSettings extends ServiceSettings {
  model: Pick<ModelSettings, 'modelsDir' | 'batchSize' | 'threads'>;
  /** Most queries embedded in one call by the micro-batcher. */
  queryBatch: number;
  /** Sees every query embedding call (for metrics). */
  onEmbedBatch?: BatchObserver;
}

/** What a load may reuse or attach: the version served now, and the index's change log. */
export interface LoadContext {
  previous?: LoadedIndex | null;
  changes?: ChangeLog | null;
}

/**
 * Opens the published version through the backend, recreates and checks its embedder (or
 * shares the previous version's when the fingerprints match, so a reload does not load the
 * model again), puts the overlay for API writes in front of it and warms the whole query path
 * once, so the first request is not slow.
 */
export async function loadIndex(
  backend: Backend,
  settings: LoadSettings,
  log: Logger,
  context: LoadContext = {},
): Promise<LoadedIndex> {
  const started = performance.now();
  // An update of the version served now takes over what that one holds in memory.
  const opened = await backend.open(undefined, { reuse: context.previous?.opened });
  let embedding: SharedEmbedder | null = null;
  try {
    embedding = await embeddingFor(opened, settings, context.previous?.embedding);
    const overlay = new Overlay(opened, opened.manifest.nextLabel);
    const live = new LiveChanges(overlay, embedding.embedder, opened.manifest.changesThrough);
    const shared = embedding;
    const service = new SearchService(
      {
        version: opened.name,
        manifest: opened.manifest,
        records: overlay.records,
        vectors: overlay.vectors,
        text: overlay.text,
      },
      {
        query: (text) => shared.embedQuery(text),
        documents: (docs) => shared.embedDocuments(docs),
      },
      { ...settings, backend: { kind: backend.kind, location: backend.publicLocation } },
    );
    // The first inference allocates the runtime's buffers, the first queries page in the
    // store and the vectors: pay for both before serving.
    await service.search('warm up', { k: 1 });
    log.info(
      {
        version: opened.name,
        papers: await service.count(),
        embedder: embedding.embedder.id,
        reusedEmbedder: embedding === context.previous?.embedding,
        tookOver: opened.tookOver ?? null,
        ms: Math.round(performance.now() - started),
      },
      'index loaded',
    );
    const { changes } = context;
    return {
      version: opened.name,
      opened,
      service,
      embedding,
      live,
      catchUp: changes
        ? async () => {
            const replayed = await live.catchUp(changes);
            if (replayed > 0) log.info({ version: opened.name, replayed }, 'replayed writes');
          }
        : undefined,
      close: closer(opened, embedding),
    };
  } catch (error) {
    if (opened.tookOver) {
      log.error(
        { version: opened.name, tookOver: opened.tookOver },
        'a version that took over the served one failed to load: reload again',
      );
    }
    await embedding?.release();
    await opened.close();
    throw error;
  }
}

/** The previous version's embedder when it embeds exactly as this index expects, else a new one. */
async function embeddingFor(
  opened: IndexVersion,
  settings: LoadSettings,
  previous: SharedEmbedder | undefined,
): Promise<SharedEmbedder> {
  if (previous && previous.fingerprint === opened.manifest.embedder.fingerprint) {
    assertEmbedderMatches(opened.manifest, previous.embedder);
    return previous.acquire();
  }
  const embedder = await loadIndexEmbedder(opened.manifest.embedder.spec, settings.model, (key) =>
    opened.meta(key),
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

function closer(opened: IndexVersion, embedding: SharedEmbedder): () => Promise<void> {
  return async () => {
    try {
      await embedding.release();
    } finally {
      await opened.close();
    }
  };
}
