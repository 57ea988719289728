/**
 * The BERT encoder as an ONNX graph, laid out like a Hugging Face export (opset 17):
 * embeddings, masked multi-head self-attention and a GELU feed-forward per layer, output
 * `last_hidden_state`. How each Linear becomes nodes is pluggable, so the fp32 and the
 * int8 model come from one graph description.
 */
import type { BertWeights, EncoderLayer, LayerNorm, Linear } from './bert-weights.js';
import { DataType, floatAttr, GraphBuilder, intAttr, intsAttr } from './onnx-builder.js';
import type { ModelPreset } from './presets.js';

/** Emits nodes computing `x·W + b` for one Linear and returns the result's name. */
export type LinearEmitter = (g: GraphBuilder, x: string, linear: Linear) => string;

/** Plain fp32 MatMul + Add. */
export const floatLinear: LinearEmitter = (g, x, linear) => {
  const weight = g.tensor(`${linear.name}.weight`, linear.weight, [linear.inputs, linear.outputs]);
  const bias = g.tensor(`${linear.name}.bias`, linear.bias, [linear.outputs]);
  return g.op('Add', [g.op('MatMul', [x, weight]), bias]);
};

export const OPSET = 17; // first opset with LayerNormalization
const IR_VERSION = 8; // the IR version that goes with opset 17
/** float32's lowest value, the additive bias Hugging Face gives masked-out keys. */
const MASKED_SCORE = -3.4028234663852886e38;

export const INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
export const OUTPUT_NAME = 'last_hidden_state';
const BATCH = 'batch_size';
const SEQUENCE = 'sequence_length';

interface Context {
  g: GraphBuilder;
  preset: ModelPreset;
  linear: LinearEmitter;
}

function layerNorm({ g, preset }: Context, x: string, norm: LayerNorm, outputs?: string[]): string {
  const gamma = g.tensor(`${norm.name}.weight`, norm.gamma, [norm.gamma.length]);
  const beta = g.tensor(`${norm.name}.bias`, norm.beta, [norm.beta.length]);
  const attrs = [intAttr('axis', -1), floatAttr('epsilon', preset.layerNormEps)];
  return g.node('LayerNormalization', [x, gamma, beta], attrs, { outputs: outputs ?? 1 })[0];
}

/** Exact GELU, x·½·(1 + erf(x/√2)); onnxruntime fuses this pattern into its Gelu kernel. */
function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)])]);
  const halfX = g.op('Mul', [x, g.scalar(0.5)]);
  return g.op('Mul', [halfX, g.op('Add', [erf, g.scalar(1)])]);
}

/** 0, 1, …, sequence_length-1, read from the shape of input_ids. */
function positionIds(g: GraphBuilder, inputIds: string): string {
  const shape = g.op('Shape', [inputIds]);
  const length = g.op('Gather', [shape, g.int64s([1], [])], [intAttr('axis', 0)]);
  return g.op('Range', [g.int64s([0], []), length, g.int64s([1], [])]);
}

function embeddings(ctx: Context, weights: BertWeights): string {
  const { g, preset } = ctx;
  const hidden = preset.hiddenSize;
  const lookup = (table: Float32Array, name: string, rows: number, ids: string) =>
    g.op('Gather', [g.tensor(`embeddings.${name}.weight`, table, [rows, hidden]), ids]);
  return g.within('/embeddings', () => {
    const rows = weights.wordEmbeddings.length / hidden;
    const words = lookup(weights.wordEmbeddings, 'word_embeddings', rows, 'input_ids');
    const types = lookup(
      weights.tokenTypeEmbeddings,
      'token_type_embeddings',
      preset.typeVocabSize,
      'token_type_ids',
    );
    const positions = lookup(
      weights.positionEmbeddings,
      'position_embeddings',
      preset.maxPositions,
      positionIds(g, 'input_ids'),
    );
    const sum = g.op('Add', [g.op('Add', [words, types]), positions]);
    return layerNorm(ctx, sum, weights.embeddingNorm);
  });
}

/** (1 - mask) · lowest, shaped [batch, 1, 1, sequence] to broadcast over heads and queries. */
function maskBias(g: GraphBuilder): string {
  const mask = g.op('Cast', ['attention_mask'], [intAttr('to', DataType.FLOAT)]);
  const inverted = g.op('Sub', [g.scalar(1), mask]);
  const bias = g.op('Mul', [inverted, g.scalar(MASKED_SCORE)]);
  return g.op('Unsqueeze', [bias, g.int64s([1, 2])]);
}

/** [batch, seq, hidden] → [batch, heads, seq, headDim], or [batch, heads, headDim, seq] for keys. */
function splitHeads(ctx: Context, x: string, perm: number[]): string {
  const { g, preset } = ctx;
  const headDim = preset.hiddenSize / preset.numHeads;
  const heads = g.op('Reshape', [x, g.int64s([0, 0, preset.numHeads, headDim])]);
  return g.op('Transpose', [heads], [intsAttr('perm', perm)]);
}

function selfAttention(ctx: Context, x: string, layer: EncoderLayer, bias: string): string {
  const { g, preset, linear } = ctx;
  const headDim = preset.hiddenSize / preset.numHeads;
  const context = g.within('/self', () => {
    const q = splitHeads(ctx, linear(g, x, layer.query), [0, 2, 1, 3]);
    const kT = splitHeads(ctx, linear(g, x, layer.key), [0, 2, 3, 1]);
    const v = splitHeads(ctx, linear(g, x, layer.value), [0, 2, 1, 3]);
    const scores = g.op('Div', [g.op('MatMul', [q, kT]), g.scalar(Math.sqrt(headDim))]);
    const probs = g.op('Softmax', [g.op('Add', [scores, bias])], [intAttr('axis', -1)]);
    const merged = g.op(
      'Transpose',
      [g.op('MatMul', [probs, v])],
      [intsAttr('perm', [0, 2, 1, 3])],
    );
    return g.op('Reshape', [merged, g.int64s([0, 0, preset.hiddenSize])]);
  });
  return g.within('/output', () => {
    const projected = linear(g, context, layer.attentionOutput);
    return layerNorm(ctx, g.op('Add', [projected, x]), layer.attentionNorm);
  });
}

function feedForward(ctx: Context, x: string, layer: EncoderLayer, outputs?: string[]): string {
  const { g, linear } = ctx;
  const inner = g.within('/intermediate', () => gelu(g, linear(g, x, layer.intermediate)));
  return g.within('/output', () => {
    const projected = linear(g, inner, layer.output);
    return layerNorm(ctx, g.op('Add', [projected, x]), layer.outputNorm, outputs);
  });
}

export function buildBertGraph(
  preset: ModelPreset,
  weights: BertWeights,
  linear: LinearEmitter,
): GraphBuilder {
  const g = new GraphBuilder();
  const dims = [BATCH, SEQUENCE];
  for (const name of INPUT_NAMES) g.input(name, DataType.INT64, dims);
  g.output(OUTPUT_NAME, DataType.FLOAT, [...dims, preset.hiddenSize]);

  const ctx: Context = { g, preset, linear };
  let hidden = embeddings(ctx, weights);
  const bias = g.within('/encoder', () => maskBias(g));
  weights.layers.forEach((layer, i) => {
    const last = i === weights.layers.length - 1;
    hidden = g.within(`/encoder/layer.${i}`, () => {
      const attended = g.within('/attention', () => selfAttention(ctx, hidden, layer, bias));
      return feedForward(ctx, attended, layer, last ? [OUTPUT_NAME] : undefined);
    });
  });
  return g;
}

export function encodeBertModel(
  preset: ModelPreset,
  weights: BertWeights,
  linear: LinearEmitter,
  producerVersion: string,
): Uint8Array {
  return buildBertGraph(preset, weights, linear).encode({
    graphName: `paper-search ${preset.name} BERT encoder`,
    producerVersion,
    opset: OPSET,
    irVersion: IR_VERSION,
  });
}
