import type { Embedder } from '../embed/embedder.js';
import type { SqlitePaperStore } from '../index/sqlite-paper-store.js';
import type { StoredPaper } from '../index/paper-store.js';
import type { VectorGraph } from '../index/vector-graph.js';
import type { EmbeddingCache } from './embedding-cache.js';
import type { ProgressReporter } from './progress.js';

export interface EmbedStats {
  embedded: number;
  reused: number;
  /** Wall time of the whole embed-and-insert phase. */
  embedSeconds: number;
}

/**
 * Embeds every stored paper in label order, window by window. Vectors found in the cache are
 * reused; the rest are embedded and checkpointed in one transaction per window, so a killed
 * job loses at most one window. Windows run one after another: onnxruntime-node runs a batch
 * on the calling thread, so nothing in this process could overlap it, and two windows in
 * flight would only interleave their batches. Insertion is in label order whatever was
 * cached, so the graph is the same on a resumed run.
 */
export async function embedIntoIndex(args: {
  store: SqlitePaperStore;
  embedder: Embedder;
  index: VectorGraph;
  cache: EmbeddingCache;
  windowSize: number;
  progress: ProgressReporter;
}): Promise<EmbedStats> {
  const { store, embedder, index, cache, windowSize, progress } = args;
  const stats: EmbedStats = { embedded: 0, reused: 0, embedSeconds: 0 };
  const startedAt = performance.now();
  progress.start(store.count);
  let done = 0;
  for (const window of store.papersInLabelOrder(windowSize)) {
    done += commitWindow(await embedWindow(window, embedder, store, cache, stats), store, index);
    progress.update(done);
  }
  progress.stop();
  stats.embedSeconds = (performance.now() - startedAt) / 1000;
  return stats;
}

interface WindowResult {
  papers: StoredPaper[];
  vectors: Float32Array[];
  fresh: boolean[];
}

async function embedWindow(
  papers: StoredPaper[],
  embedder: Embedder,
  store: SqlitePaperStore,
  cache: EmbeddingCache,
  stats: EmbedStats,
): Promise<WindowResult> {
  const vectors: (Float32Array | null)[] = papers.map(
    (p) =>
      store.getEmbedding(p.contentHash, embedder.dims) ?? cache.get(p.contentHash, embedder.dims),
  );
  const missing = papers.map((_, i) => i).filter((i) => vectors[i] === null);
  const embedded = await embedder.embedDocuments(missing.map((i) => papers[i]));
  missing.forEach((i, j) => (vectors[i] = embedded[j]));
  stats.embedded += missing.length;
  stats.reused += papers.length - missing.length;
  const fresh = papers.map(() => false);
  for (const i of missing) fresh[i] = true;
  return { papers, vectors: vectors as Float32Array[], fresh };
}

function commitWindow(result: WindowResult, store: SqlitePaperStore, index: VectorGraph): number {
  const { papers, vectors, fresh } = result;
  store.transaction(() => {
    papers.forEach((paper, i) => {
      if (fresh[i] || !store.hasEmbedding(paper.contentHash))
        store.putEmbedding(paper.contentHash, vectors[i]);
    });
  });
  papers.forEach((paper, i) => index.add(paper.label, vectors[i]));
  return papers.length;
}
