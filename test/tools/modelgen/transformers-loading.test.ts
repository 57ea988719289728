import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoModel,
  AutoTokenizer,
  env,
  pipeline,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../tools/modelgen/presets.js';
import { maxAbsDiff, tinyModel } from './helpers.js';

/** The generated folder must load in transformers.js exactly as a downloaded model would, offline. */
describe('generated model folder in transformers.js', () => {
  const model = tinyModel();
  const hidden = PRESETS.tiny.hiddenSize;
  let tokenizer: PreTrainedTokenizer;

  beforeAll(async () => {
    env.localModelPath = model.root;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    tokenizer = await AutoTokenizer.from_pretrained(model.id);
  });

  /** Ids straight from the generated tokenizer.json, independent of the tokenizer under test. */
  const vocab = (
    JSON.parse(readFileSync(join(model.dir, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number> };
    }
  ).model.vocab;
  function idOf(token: string): number {
    const id = vocab[token];
    if (id === undefined) throw new Error(`"${token}" is not in the vocabulary`);
    return id;
  }

  it('tokenizes into [CLS] … [SEP] with BERT special ids, lower-cased and accent-free', () => {
    const encoded = tokenizer('The Transformer model', { return_tensor: false }) as {
      input_ids: number[];
    };
    expect(encoded.input_ids).toEqual([101, idOf('the'), idOf('transformer'), idOf('model'), 102]);
    expect(tokenizer.decode(encoded.input_ids, { skip_special_tokens: true })).toBe(
      'the transformer model',
    );
    expect(tokenizer.tokenize('Café')).toEqual(tokenizer.tokenize('cafe'));
    expect(tokenizer.pad_token_id).toBe(0);
  });

  it.each(['fp32', 'q8'] as const)(
    'loads the %s encoder and runs a padded batch',
    async (dtype) => {
      const encoder = await AutoModel.from_pretrained(model.id, { dtype });
      const texts = [
        'Graph neural networks',
        'Nearest neighbour search over dense vectors of papers',
      ];
      const batch = tokenizer(texts, { padding: true });
      const { last_hidden_state: states } = (await encoder(batch)) as { last_hidden_state: Tensor };
      expect(states.dims).toEqual([2, batch.input_ids.dims[1], hidden]);
      expect((states.data as Float32Array).every(Number.isFinite)).toBe(true);
      if (dtype === 'fp32') {
        // The short text's own tokens do not see the padding that the batch added.
        const alone = await encoder(tokenizer(texts[0]));
        const ownLength = (alone.last_hidden_state as Tensor).dims[1];
        const padded = (states.data as Float32Array).subarray(0, ownLength * hidden);
        const single = (alone.last_hidden_state as Tensor).data as Float32Array;
        expect(maxAbsDiff(padded, single)).toBeLessThan(1e-4);
      }
      await encoder.dispose();
    },
  );

  it('serves the feature-extraction pipeline: token states and mean-pooled vectors', async () => {
    const extract = await pipeline('feature-extraction', model.id, { dtype: 'fp32' });
    const text = 'Approximate nearest neighbour search';
    const states = await extract(text);
    expect(states.dims).toEqual([1, tokenizer(text).input_ids.dims[1], hidden]);
    const pooled = await extract(text, { pooling: 'mean', normalize: true });
    expect(pooled.dims).toEqual([1, hidden]);
    await extract.dispose();
  });

  it('places texts that share words nearer each other than texts that do not', async () => {
    const extract = await pipeline('feature-extraction', model.id, { dtype: 'fp32' });
    const texts = [
      'graph neural networks for molecules',
      'graph neural networks for proteins',
      'stochastic optimization of convex functions',
    ];
    const [a, b, c] = (
      await extract(texts, { pooling: 'mean', normalize: true })
    ).tolist() as number[][];
    const cosine = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i], 0);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
    expect(cosine(a, c)).toBeLessThan(0.9);
    await extract.dispose();
  });
});
