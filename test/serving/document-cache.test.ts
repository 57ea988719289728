import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentInput } from '../../src/embed/embedder.js';
import { DocumentCache } from '../../src/serving/document-cache.js';
import { useLexicalApp } from '../server/test-app.js';

const ctx = useLexicalApp();
afterEach(() => vi.restoreAllMocks());

/** The served index's real embedder, its document calls counted. */
function countedEmbedder() {
  const embedding = ctx.holder.loaded?.embedding;
  if (!embedding) throw new Error('the test app has no shared embedder');
  const spy = vi.spyOn(embedding.embedder, 'embedDocuments');
  const embed = (docs: DocumentInput[]) => embedding.embedder.embedDocuments(docs);
  return { spy, embed, fingerprint: embedding.fingerprint };
}

const TOPICS = [
  'quantization of language models',
  'graph neural networks for molecules',
  'reinforcement learning from human feedback',
  'speech recognition with transformers',
  'image segmentation in medical scans',
  'retrieval augmented generation',
  'federated learning under privacy constraints',
  'protein structure prediction',
  'sparse attention for long documents',
  'robot grasping from vision',
];

/** A reference the index lacks, on a topic of its own. */
const doc = (n: number): DocumentInput => ({
  title: `A study of ${TOPICS[n]}`,
  abstract: `We look at ${TOPICS[n]} from a new angle.`,
});

describe('a library sent again embeds nothing again', () => {
  it('POST /recommend embeds an unmatched reference once, whatever the requests', async () => {
    const { spy } = countedEmbedder();
    const library = [ctx.index.papers[0].id, doc(1)];
    const first = await request(ctx.app).post('/recommend').send({ library, k: 5 }).expect(200);
    const second = await request(ctx.app).post('/recommend').send({ library, k: 5 }).expect(200);
    expect(first.body.library.map((e: { matched_by: string }) => e.matched_by)).toEqual([
      'id',
      'embedded',
    ]);
    expect(second.body.results).toEqual(first.body.results);
    expect(spy.mock.calls).toEqual([[[doc(1)]]]);

    // A library grown by one reference embeds that one alone.
    await request(ctx.app)
      .post('/recommend')
      .send({ library: [...library, doc(2)], k: 5 })
      .expect(200);
    expect(spy.mock.calls.slice(1)).toEqual([[[doc(2)]]]);
  });
});

describe('DocumentCache', () => {
  it('keys by text and fingerprint: another embedder embeds the same text afresh', async () => {
    const { spy, embed, fingerprint } = countedEmbedder();
    const cache = new DocumentCache(10);
    const [once] = await cache.embed([doc(3)], fingerprint, embed);
    const [again] = await cache.embed([doc(3)], fingerprint, embed);
    expect(again).toBe(once);
    await cache.embed([doc(3)], `${fingerprint}-refitted`, embed);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(2);
  });

  it('embeds repeated and concurrent texts once, in request order', async () => {
    const { spy, embed, fingerprint } = countedEmbedder();
    const cache = new DocumentCache(10);
    const [a, b] = await Promise.all([
      cache.embed([doc(4), doc(5), doc(4)], fingerprint, embed),
      cache.embed([doc(5)], fingerprint, embed),
    ]);
    expect(spy.mock.calls).toEqual([[[doc(4), doc(5)]]]);
    expect(a[0]).toBe(a[2]);
    expect(b[0]).toBe(a[1]);
    expect(a[0]).not.toEqual(a[1]);
  });

  it('drops the least recently used past its capacity', async () => {
    const { spy, embed, fingerprint } = countedEmbedder();
    const cache = new DocumentCache(2);
    await cache.embed([doc(6), doc(7), doc(8)], fingerprint, embed);
    expect(cache.size).toBe(2);
    await cache.embed([doc(7)], fingerprint, embed);
    await cache.embed([doc(6)], fingerprint, embed);
    expect(spy.mock.calls.slice(1)).toEqual([[[doc(6)]]]);
  });

  it('keeps no failure: the next request embeds the text again', async () => {
    const { embed, fingerprint } = countedEmbedder();
    const cache = new DocumentCache(10);
    const failing = () => Promise.reject(new Error('the model stopped'));
    await expect(cache.embed([doc(9)], fingerprint, failing)).rejects.toThrow('the model stopped');
    expect(cache.size).toBe(0);
    const [vector] = await cache.embed([doc(9)], fingerprint, embed);
    expect(vector.length).toBeGreaterThan(0);
  });

  it('refuses a capacity that is not a whole number', () => {
    expect(() => new DocumentCache(-1)).toThrow(RangeError);
    expect(() => new DocumentCache(1.5)).toThrow(RangeError);
  });
});
