import { textHash } from '../corpus/paper.js';
import type { Embedder } from '../embed/embedder.js';
import type { CheckpointStore } from '../index/checkpoint-store.js';
import type { RecordWriter, StoredPaper } from '../index/record-store.js';
import type { TextWriter } from '../index/text-index.js';
import type { VectorWriter } from '../index/vector-index.js';
import type { ProgressReporter } from './progress.js';

export interface EmbedStats {
  /** Papers the embedder ran on. */
  embedded: number;
  /** Papers whose vector came from the checkpoints (an earlier or killed build). */
  reused: number;
  /** Wall time of the whole embed-and-insert phase. */
  embedSeconds: number;
}

type Document = Pick<StoredPaper, 'label' | 'title' | 'abstract'>;

/** Which papers get new vectors and text postings: all of them, or the listed labels. */
export type Selection = { all: true } | { all: false; labels: readonly number[] };

/**
 * Embeds the selected papers in label order, window by window, and writes their vectors and
 * text. Vectors already checkpointed for the same text and embedder are reused; the rest are
 * embedded and checkpointed in one transaction per window, so a killed job loses at most one
 * window and a re-run resumes. Windows run one after another: onnxruntime-node runs a batch
 * on the calling thread, so nothing in this process could overlap it.
 */
export async function embedIntoIndex(args: {
  records: RecordWriter;
  selection: Selection;
  embedder: Embedder;
  vectors: VectorWriter;
  text: TextWriter | null;
  /** Where embeddings are kept for resuming; null for an embedder not worth it. */
  checkpoints: CheckpointStore | null;
  windowSize: number;
  progress: ProgressReporter;
}): Promise<EmbedStats> {
  const { records, selection, embedder, vectors, text, checkpoints, progress } = args;
  const stats: EmbedStats = { embedded: 0, reused: 0, embedSeconds: 0 };
  const startedAt = performance.now();
  const total = selection.all ? await records.count() : selection.labels.length;
  progress.start(total);
  let done = 0;
  for await (const window of windows(records, selection, args.windowSize)) {
    const found = await embedWindow(window, embedder, checkpoints, stats);
    await vectors.put(window.map((doc, i) => ({ label: doc.label, vector: found[i] })));
    await text?.put(window);
    done += window.length;
    progress.update(done);
  }
  progress.stop();
  stats.embedSeconds = (performance.now() - startedAt) / 1000;
  return stats;
}

async function* windows(
  records: RecordWriter,
  selection: Selection,
  size: number,
): AsyncIterable<Document[]> {
  if (selection.all) {
    yield* records.documents(size);
    return;
  }
  const labels = [...selection.labels].sort((a, b) => a - b);
  for (let start = 0; start < labels.length; start += size) {
    yield records.byLabels(labels.slice(start, start + size));
  }
}

async function embedWindow(
  docs: Document[],
  embedder: Embedder,
  checkpoints: CheckpointStore | null,
  stats: EmbedStats,
): Promise<Float32Array[]> {
  if (!checkpoints) {
    stats.embedded += docs.length;
    return embedder.embedDocuments(docs);
  }
  const hashes = docs.map((doc) => textHash(doc));
  const stored = await checkpoints.get(hashes);
  const missing = docs.map((_, i) => i).filter((i) => !stored.has(hashes[i]));
  const fresh = await embedder.embedDocuments(missing.map((i) => docs[i]));
  await checkpoints.put(missing.map((i, j) => ({ textHash: hashes[i], vector: fresh[j] })));
  stats.embedded += missing.length;
  stats.reused += docs.length - missing.length;
  const vectors = hashes.map((hash) => stored.get(hash) as Float32Array);
  missing.forEach((i, j) => (vectors[i] = fresh[j]));
  return vectors;
}
