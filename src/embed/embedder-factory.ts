import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder, EmbedderSpec } from './embedder.js';
import { LexicalEmbedder } from './lexical-embedder.js';
import { onnxFileFor, type ModelDtype } from './model-files.js';
import type { TransformerEmbedder, TransformerSpec } from './transformer-embedder.js';

export type EmbedderKind = 'transformer' | 'lexical' | 'auto';

/** Where the transformer path finds its model and how it runs it. */
export interface ModelSettings {
  model: string;
  modelsDir: string;
  dtype: ModelDtype;
  batchSize: number;
  threads: number;
  /** Hub to fetch a missing model from (only when downloads are allowed). */
  downloadFrom?: string;
}

/** Key under which a fitted lexical model is kept in the paper store. */
export const LEXICAL_MODEL_META_KEY = 'lexical-model';

/**
 * Decides which embedder an ingest uses. `auto` takes the transformer when its model files
 * are present and says why it fell back otherwise.
 */
export function chooseEmbedderKind(
  kind: EmbedderKind,
  settings: ModelSettings,
): { kind: 'transformer' | 'lexical'; reason: string } {
  if (kind !== 'auto') return { kind, reason: `requested ${kind}` };
  const onnx = join(settings.modelsDir, settings.model, onnxFileFor(settings.dtype));
  return existsSync(onnx)
    ? {
        kind: 'transformer',
        reason: `model files found at ${join(settings.modelsDir, settings.model)}`,
      }
    : {
        kind: 'lexical',
        reason: `no model files at ${join(settings.modelsDir, settings.model)}; using the zero-download lexical embedder`,
      };
}

/** Loads the transformer embedder from the models folder (transformers.js is imported lazily). */
export async function loadTransformer(settings: ModelSettings): Promise<Embedder> {
  return (await transformerModule()).TransformerEmbedder.load(settings);
}

/**
 * Recreates the embedder an index was built with, from its manifest spec: the lexical model
 * from the index's own store, the transformer from the models folder.
 */
export async function loadIndexEmbedder(
  spec: EmbedderSpec,
  settings: Pick<ModelSettings, 'modelsDir' | 'batchSize' | 'threads'>,
  readMeta: (key: string) => Promise<Buffer | null>,
): Promise<Embedder> {
  if (spec.kind === 'lexical') {
    const state = await readMeta(LEXICAL_MODEL_META_KEY);
    if (!state)
      throw new Error(
        'index was built with the lexical embedder but holds no fitted lexical model',
      );
    return LexicalEmbedder.deserialize(state);
  }
  const transformer = spec as TransformerSpec;
  return (await transformerModule()).TransformerEmbedder.load({
    model: transformer.model,
    dtype: transformer.dtype,
    usage: transformer.usage,
    modelsDir: settings.modelsDir,
    batchSize: settings.batchSize,
    threads: settings.threads,
  });
}

/** Loaded on first use: transformers.js and ONNX Runtime take a second to import. */
async function transformerModule(): Promise<{ TransformerEmbedder: typeof TransformerEmbedder }> {
  return import('./transformer-embedder.js');
}
