/**
 * Deterministic BERT parameters: normal(0, initStd) matrices and biases, LayerNorm gamma 1 and
 * beta 0, as Hugging Face initialises a fresh model (but see SHARED_EMBEDDING_SCALE). Names
 * follow the PyTorch state dict.
 */
import { normalTensor } from '../../src/util/prng.js';
import type { ModelPreset } from './presets.js';

/** y = x·W + b with W stored [inputs, outputs], the layout ONNX exports give MatMul. */
export interface Linear {
  name: string;
  inputs: number;
  outputs: number;
  weight: Float32Array;
  bias: Float32Array;
}

export interface LayerNorm {
  name: string;
  gamma: Float32Array;
  beta: Float32Array;
}

export interface EncoderLayer {
  query: Linear;
  key: Linear;
  value: Linear;
  attentionOutput: Linear;
  attentionNorm: LayerNorm;
  intermediate: Linear;
  output: Linear;
  outputNorm: LayerNorm;
}

export interface BertWeights {
  wordEmbeddings: Float32Array;
  positionEmbeddings: Float32Array;
  tokenTypeEmbeddings: Float32Array;
  embeddingNorm: LayerNorm;
  layers: EncoderLayer[];
}

function linear(preset: ModelPreset, name: string, inputs: number, outputs: number): Linear {
  const { seed, initStd } = preset;
  return {
    name,
    inputs,
    outputs,
    weight: normalTensor(seed, `${name}.weight`, inputs * outputs, initStd),
    // Non-zero biases, unlike a fresh HF model, so a graph that drops one would show it.
    bias: normalTensor(seed, `${name}.bias`, outputs, initStd),
  };
}

function layerNorm(name: string, size: number): LayerNorm {
  return { name, gamma: new Float32Array(size).fill(1), beta: new Float32Array(size) };
}

function encoderLayer(preset: ModelPreset, index: number): EncoderLayer {
  const prefix = `encoder.layer.${index}`;
  const { hiddenSize: hidden, intermediateSize: inner } = preset;
  return {
    query: linear(preset, `${prefix}.attention.self.query`, hidden, hidden),
    key: linear(preset, `${prefix}.attention.self.key`, hidden, hidden),
    value: linear(preset, `${prefix}.attention.self.value`, hidden, hidden),
    attentionOutput: linear(preset, `${prefix}.attention.output.dense`, hidden, hidden),
    attentionNorm: layerNorm(`${prefix}.attention.output.LayerNorm`, hidden),
    intermediate: linear(preset, `${prefix}.intermediate.dense`, hidden, inner),
    output: linear(preset, `${prefix}.output.dense`, inner, hidden),
    outputNorm: layerNorm(`${prefix}.output.LayerNorm`, hidden),
  };
}

/**
 * Position and token-type vectors are the same for every text, so at full scale they dominate
 * mean-pooled embeddings (any two texts score a cosine close to 1). A tenth of the std lets the words
 * lead, so texts sharing words land near each other even in an untrained model.
 */
const SHARED_EMBEDDING_SCALE = 0.1;

export function generateBertWeights(preset: ModelPreset, vocabSize: number): BertWeights {
  const { seed, initStd, hiddenSize: hidden } = preset;
  const embedding = (name: string, rows: number, std: number) =>
    normalTensor(seed, `embeddings.${name}.weight`, rows * hidden, std);
  const sharedStd = initStd * SHARED_EMBEDDING_SCALE;
  return {
    wordEmbeddings: embedding('word_embeddings', vocabSize, initStd),
    positionEmbeddings: embedding('position_embeddings', preset.maxPositions, sharedStd),
    tokenTypeEmbeddings: embedding('token_type_embeddings', preset.typeVocabSize, sharedStd),
    embeddingNorm: layerNorm('embeddings.LayerNorm', hidden),
    layers: Array.from({ length: preset.numLayers }, (_, i) => encoderLayer(preset, i)),
  };
}
