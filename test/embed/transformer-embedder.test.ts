import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentText } from '../../src/corpus/paper.js';
import { ModelNotFoundError } from '../../src/embed/model-files.js';
import { l2Normalize } from '../../src/embed/pooling.js';
import { TransformerEmbedder } from '../../src/embed/transformer-embedder.js';
import { dot } from '../helpers/vectors.js';

const modelsDir = inject('tinyModelRoot');
const model = inject('tinyModelId');
const settings = { model, modelsDir, batchSize: 4, threads: 1 } as const;

const texts = [
  'Graph neural networks learn representations of nodes by passing messages along edges.',
  'Quantization',
  'We study low-rank adaptation of large language models for efficient fine-tuning on small devices.',
  'Diffusion models generate images by reversing a noising process, step by step, from noise.',
  'Attention.',
];

function expectClose(a: Float32Array, b: Float32Array, tolerance = 1e-5): void {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
  expect(worst).toBeLessThan(tolerance);
}

/** The reference: the raw ONNX graph on one unpadded sequence, mean-pooled by hand. */
async function manualMeanPool(
  session: ort.InferenceSession,
  ids: number[],
  dims: number,
): Promise<Float32Array> {
  const shape = [1, ids.length];
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), shape),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), shape),
  };
  const output = await session.run(feeds);
  const hidden = output.last_hidden_state.data as Float32Array;
  const mean = new Float32Array(dims);
  for (let t = 0; t < ids.length; t++)
    for (let d = 0; d < dims; d++) mean[d] += hidden[t * dims + d] / ids.length;
  return l2Normalize(mean);
}

describe('TransformerEmbedder on the generated tiny model', () => {
  let embedder: TransformerEmbedder;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    embedder = await TransformerEmbedder.load({ ...settings, dtype: 'fp32' });
    session = await ort.InferenceSession.create(join(modelsDir, model, 'onnx/model.onnx'));
  });
  afterAll(async () => {
    await embedder.dispose();
    await session.release();
  });

  it('pools exactly like a manual masked mean over the raw ONNX output', async () => {
    const vectors = await embedder.embedTexts(texts);
    for (const [i, text] of texts.entries()) {
      const reference = await manualMeanPool(session, embedder.encode(text), embedder.dims);
      expectClose(vectors[i], reference);
    }
  });

  it('gives a batch the same vectors as the texts one by one', async () => {
    const batch = await embedder.embedTexts(texts);
    for (const [i, text] of texts.entries())
      expectClose(batch[i], (await embedder.embedTexts([text]))[0]);
    expect(batch.every((v) => Math.abs(dot(v, v) - 1) < 1e-5)).toBe(true);
  });

  it('embeds a query like a document of the same text', async () => {
    const paper = { title: 'Sparse attention', abstract: 'We make attention sparse and fast.' };
    const [doc] = await embedder.embedDocuments([paper]);
    expectClose(await embedder.embedQuery(documentText(paper)), doc);
  });

  it('truncates to the sequence limit, keeping the special tokens', async () => {
    const short = await TransformerEmbedder.load({
      ...settings,
      dtype: 'fp32',
      usage: { maxLength: 12 },
    });
    const ids = short.encode(texts[2].repeat(20));
    expect(ids).toHaveLength(12);
    expect(ids[0]).toBe(embedder.encode('x')[0]);
    expect(ids.at(-1)).toBe(embedder.encode('x').at(-1));
    const [long] = await short.embedTexts([texts[2].repeat(20)]);
    expectClose(long, await manualMeanPool(session, ids, short.dims));
    expect(short.fingerprint()).not.toBe(embedder.fingerprint());
    await short.dispose();
  });

  it('loads the quantized model, close to fp32, with its own fingerprint', async () => {
    const q8 = await TransformerEmbedder.load({ ...settings, dtype: 'q8' });
    const [a, b] = [await q8.embedTexts(texts), await embedder.embedTexts(texts)];
    a.forEach((v, i) => expect(dot(v, b[i])).toBeGreaterThan(0.95));
    expect(q8.fingerprint()).not.toBe(embedder.fingerprint());
    expect(q8.id).toBe(`transformer:${model}:q8`);
    await q8.dispose();
  });

  it('has a stable fingerprint and a spec that names model, dtype and usage', async () => {
    const again = await TransformerEmbedder.load({ ...settings, dtype: 'fp32' });
    expect(again.fingerprint()).toBe(embedder.fingerprint());
    expect(again.spec()).toEqual({
      kind: 'transformer',
      model,
      dtype: 'fp32',
      usage: {
        pooling: 'mean',
        maxLength: expect.any(Number),
        queryPrefix: '',
        documentPrefix: '',
      },
    });
    await again.dispose();
  });

  it('names the folder and the expected files when the model is missing', async () => {
    await expect(
      TransformerEmbedder.load({ ...settings, model: 'nobody/no-model', dtype: 'fp32' }),
    ).rejects.toThrow(ModelNotFoundError);
    await expect(
      TransformerEmbedder.load({ ...settings, model: 'nobody/no-model', dtype: 'q8' }),
    ).rejects.toThrow(
      /nobody\/no-model.*missing config.json, tokenizer.json, tokenizer_config.json, onnx\/model_quantized.onnx/,
    );
  });
});
