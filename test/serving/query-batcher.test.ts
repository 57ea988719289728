import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromPaperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { LexicalEmbedder, NoKnownTermsError } from '../../src/embed/lexical-embedder.js';
import { TransformerEmbedder } from '../../src/embed/transformer-embedder.js';
import { QueryBatcher, type QueryEmbedder } from '../../src/serving/query-batcher.js';
import { SAMPLE_CORPUS } from '../search/test-index.js';

const QUERIES = [
  'quantization of neural networks',
  'graph neural networks',
  'diffusion models for images',
  'reinforcement learning',
  'sparse attention',
  'federated learning',
];

let lexical: LexicalEmbedder;
let transformer: TransformerEmbedder;

beforeAll(async () => {
  const lines = (await readFile(SAMPLE_CORPUS, 'utf8')).trim().split('\n');
  lexical = LexicalEmbedder.fit(lines.map((l) => fromPaperRecord(JSON.parse(l) as PaperRecord)));
  transformer = await TransformerEmbedder.load({
    model: inject('tinyModelId'),
    modelsDir: inject('tinyModelRoot'),
    dtype: 'fp32',
    batchSize: 32,
    threads: 1,
  });
});

afterAll(async () => {
  await transformer?.dispose();
});

/** The real embedder behind a counter: calls, batch sizes, and how many ever ran at once. */
function observed(embedder: Embedder) {
  const seen = { calls: 0, maxConcurrent: 0, sizes: [] as number[] };
  let running = 0;
  const track = async <T>(size: number, run: () => Promise<T>): Promise<T> => {
    seen.calls++;
    seen.sizes.push(size);
    seen.maxConcurrent = Math.max(seen.maxConcurrent, ++running);
    try {
      return await run();
    } finally {
      running--;
    }
  };
  const batch = embedder.embedQueries?.bind(embedder);
  const wrapper: QueryEmbedder = {
    embedQuery: (text) => track(1, () => embedder.embedQuery(text)),
    embedQueries: batch && ((texts) => track(texts.length, () => batch(texts))),
    embedDocuments: (docs) => track(docs.length, () => embedder.embedDocuments(docs)),
  };
  return { wrapper, seen };
}

describe('QueryBatcher', () => {
  it('embeds concurrent queries in one batch call when the embedder can batch', async () => {
    const expected = await Promise.all(QUERIES.map((q) => transformer.embedQuery(q)));
    const { wrapper, seen } = observed(transformer);
    const batcher = new QueryBatcher(wrapper, 16);
    const vectors = await Promise.all(QUERIES.map((q) => batcher.embed(q)));
    expect(seen.sizes).toEqual([QUERIES.length]);
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(expected[i].length);
      v.forEach((x, d) => expect(x).toBeCloseTo(expected[i][d], 5));
    });
  });

  it('caps batch size and never runs two embedding calls at once', async () => {
    const { wrapper, seen } = observed(transformer);
    const batcher = new QueryBatcher(wrapper, 4);
    const texts = Array.from({ length: 10 }, (_, i) => `${QUERIES[i % QUERIES.length]} ${i}`);
    await Promise.all(texts.map((t) => batcher.embed(t)));
    expect(seen.sizes).toEqual([4, 4, 2]);
    expect(seen.maxConcurrent).toBe(1);
  });

  it('embeds documents between query batches, never beside one', async () => {
    const { wrapper, seen } = observed(transformer);
    const batcher = new QueryBatcher(wrapper, 4);
    const docs = [
      { title: 'Quantized transformers', abstract: 'Low-bit weights and activations.' },
    ];
    const [vectors] = await Promise.all([
      batcher.embedDocuments(docs),
      ...QUERIES.map((q) => batcher.embed(q)),
      batcher.embedDocuments(docs),
    ]);
    expect(seen.maxConcurrent).toBe(1);
    expect(seen.sizes.filter((size) => size === 1)).toHaveLength(2);
    expect(vectors).toEqual(await transformer.embedDocuments(docs));
  });

  it('tells its observer each batch: queries in it and the seconds it took', async () => {
    const batches: Array<[number, number]> = [];
    const batcher = new QueryBatcher(transformer, 4, (size, seconds) =>
      batches.push([size, seconds]),
    );
    await Promise.all(QUERIES.map((q) => batcher.embed(q)));
    await batcher.embed(QUERIES[0]);
    expect(batches.map(([size]) => size)).toEqual([4, QUERIES.length - 4, 1]);
    for (const [, seconds] of batches) expect(seconds).toBeGreaterThan(0);
  });

  it('embeds identical concurrent queries once', async () => {
    const { wrapper, seen } = observed(lexical);
    const batcher = new QueryBatcher(wrapper);
    const [a, b] = await Promise.all([batcher.embed('graph'), batcher.embed('graph')]);
    expect(a).toEqual(b);
    expect(seen.calls).toBe(1);
  });

  it('falls back to one query at a time for embedders without a batch path', async () => {
    const { wrapper, seen } = observed(lexical);
    const batcher = new QueryBatcher(wrapper);
    const vectors = await Promise.all(QUERIES.map((q) => batcher.embed(q)));
    expect(seen.maxConcurrent).toBe(1);
    expect(seen.calls).toBe(QUERIES.length);
    expect(seen.sizes.every((size) => size === 1)).toBe(true);
    for (const [i, q] of QUERIES.entries()) expect(vectors[i]).toEqual(await lexical.embedQuery(q));
  });

  it('a failing query rejects alone; its batch-mates still get vectors', async () => {
    const batcher = new QueryBatcher(lexical);
    const [good, bad] = await Promise.allSettled([
      batcher.embed('graph neural networks'),
      batcher.embed('zzqxv qqxzy'),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(NoKnownTermsError);
  });
});
