import type { Logger } from 'pino';
import type { ModelSettings } from '../embed/embedder-factory.js';
import type { ModelDtype } from '../embed/model-files.js';
import type { Backend } from '../index/backend.js';
import type { IndexManifest } from '../index/manifest.js';
import type { ProgressReporter } from './progress.js';
import { runIngest, type IngestSummary } from './ingest-job.js';

export interface FoldOptions {
  backend: Backend;
  /** Where the transformer's model files are, and how it runs; the model is the index's own. */
  runtime: Pick<ModelSettings, 'modelsDir' | 'batchSize' | 'threads'>;
  keepVersions: number;
  log: Logger;
  progress: ProgressReporter;
}

/** What a fold did: nothing when the log held no change past the published version. */
export type FoldResult =
  { folded: false; through: number } | { folded: true; summary: IngestSummary };

/**
 * Publishes the API writes of the change log as a new version: an update whose change list
 * is empty, so the only changes are the logged ones past the published version's watermark
 * (ingest merges them as it does for every update). The base is not read; the embedder, its
 * model and the graph's parameters are the published version's.
 */
export async function foldLoggedWrites(options: FoldOptions): Promise<FoldResult> {
  const { backend } = options;
  const published = await backend.published();
  if (!published)
    throw new Error(`nothing is published at ${backend.location}: nothing to fold into`);
  const manifest = await backend.manifest(published);
  const log = await backend.changeLog();
  const last = (await log?.lastSeq()) ?? 0;
  await log?.close();
  if (last <= manifest.changesThrough) return { folded: false, through: manifest.changesThrough };
  const summary = await runIngest({
    inputs: [],
    changes: [],
    update: true,
    backend,
    embedder: manifest.embedder.spec.kind,
    model: { ...modelOf(manifest), ...options.runtime },
    hnsw: manifest.hnsw,
    // The base's search kind is kept: switching is a rebuild, for a full ingest to decide.
    exactBelow: manifest.search === 'exact' ? Number.MAX_SAFE_INTEGER : 0,
    keepVersions: options.keepVersions,
    strict: false,
    log: options.log,
    progress: options.progress,
  });
  return { folded: true, summary };
}

/** The transformer model and precision the version was built with (unused for lexical). */
function modelOf(manifest: IndexManifest): { model: string; dtype: ModelDtype } {
  const spec = manifest.embedder.spec as { model?: unknown; dtype?: unknown };
  return {
    model: typeof spec.model === 'string' ? spec.model : 'none',
    dtype: spec.dtype === 'q8' ? 'q8' : 'fp32',
  };
}
