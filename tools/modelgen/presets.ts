/** Architecture and vocabulary settings of a generated BERT encoder. */
export interface ModelPreset {
  name: string;
  /** Model id used when no other is given: the folder under the models root. */
  defaultId: string;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  /** Upper bound on the vocabulary; with `fillVocab` the vocabulary is padded to exactly this. */
  vocabSize: number;
  fillVocab: boolean;
  /** Sequence length sentence-transformers truncates to. */
  maxSeqLength: number;
  initStd: number;
  seed: number;
}

const BERT_DEFAULTS = {
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  maxSeqLength: 256,
  initStd: 0.02,
  seed: 20240611,
} as const;

export const PRESETS = {
  /** Small and fast: for tests. The vocabulary is whatever the corpus yields, up to the cap. */
  tiny: {
    ...BERT_DEFAULTS,
    name: 'tiny',
    defaultId: 'paper-search/tiny-bert',
    hiddenSize: 64,
    numLayers: 2,
    numHeads: 2,
    intermediateSize: 128,
    vocabSize: 4000,
    fillVocab: false,
  },
  /** Same shapes, and so the same compute cost, as all-MiniLM-L6-v2: for benchmarks. */
  'minilm-shaped': {
    ...BERT_DEFAULTS,
    name: 'minilm-shaped',
    defaultId: 'paper-search/minilm-shaped',
    hiddenSize: 384,
    numLayers: 6,
    numHeads: 12,
    intermediateSize: 1536,
    vocabSize: 30522,
    fillVocab: true,
  },
} satisfies Record<string, ModelPreset>;

export type PresetName = keyof typeof PRESETS;

export const TINY_MODEL_ID = PRESETS.tiny.defaultId;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

export function getPreset(name: string): ModelPreset {
  if (!isPresetName(name)) {
    throw new Error(
      `Unknown preset "${name}"; expected one of: ${Object.keys(PRESETS).join(', ')}`,
    );
  }
  return PRESETS[name];
}
