import { describe, expect, it } from 'vitest';
import { RECOMMEND_STRATEGIES } from '../../src/search/recommend-strategies.js';
import { useLexicalIndex } from './test-index.js';

const ctx = useLexicalIndex();

const titled = (pattern: RegExp) => ctx.index.papers.find((p) => pattern.test(p.title))!;
const recommend = (positive: string[], strategy: (typeof RECOMMEND_STRATEGIES)[number], k = 10) =>
  ctx.loaded.service.recommend({ positive, negative: [], k, mode: 'semantic', strategy });

describe('recommendation strategies', () => {
  it.each(RECOMMEND_STRATEGIES)(
    '%s: k results, the library excluded, best first',
    async (strategy) => {
      const library = [titled(/Matryoshka Quantization/), titled(/diffusion/i)].map((p) => p.id);
      const { results } = await recommend(library, strategy);
      expect(results).toHaveLength(10);
      for (const id of library) expect(results.map((r) => r.id)).not.toContain(id);
      const scores = results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const score of scores) expect(score).toBeLessThanOrEqual(1 + 1e-6);
    },
  );

  it('nearest scores each result by its best cosine to a library paper: the closest one', async () => {
    const library = [titled(/Matryoshka Quantization/), titled(/diffusion/i)].map((p) => p.id);
    const { results } = await recommend(library, 'nearest');
    for (const hit of results) expect(hit.score).toBeCloseTo(hit.closest[0].score, 5);
  });

  it('nearest, on two topics, finds both; the average may fall between them', async () => {
    const quantization = titled(/Matryoshka Quantization/);
    const diffusion = titled(/diffusion/i);
    const { results } = await recommend([quantization.id, diffusion.id], 'nearest', 20);
    const closestTo = new Set(results.map((r) => r.closest[0].id));
    expect(closestTo).toEqual(new Set([quantization.id, diffusion.id]));
  });

  it('one library paper: average and nearest rank as its related papers do', async () => {
    const paper = titled(/Matryoshka Quantization/);
    const related = (await ctx.loaded.service.related(paper.id, { k: 10, mode: 'semantic' })).map(
      (r) => r.id,
    );
    for (const strategy of ['average', 'nearest', 'rrf'] as const) {
      expect((await recommend([paper.id], strategy)).results.map((r) => r.id)).toEqual(related);
    }
  });

  it('svm: the same library gets the same results, scored as cosines to the model', async () => {
    const library = [titled(/Matryoshka Quantization/), titled(/diffusion/i)].map((p) => p.id);
    const first = await recommend(library, 'svm');
    expect((await recommend(library, 'svm')).results).toEqual(first.results);
    for (const hit of first.results) expect(Math.abs(hit.score)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('a negative: papers closer to it than to every positive go last, scored below 0', async () => {
    const positive = titled(/Matryoshka Quantization/);
    const [near] = await ctx.loaded.service.related(positive.id, { k: 1, mode: 'semantic' });
    const { results } = await ctx.loaded.service.recommend({
      positive: [positive.id],
      negative: [near.id],
      k: 100,
      mode: 'semantic',
      strategy: 'nearest',
    });
    const firstNegative = results.findIndex((r) => r.score < 0);
    expect(firstNegative).toBeGreaterThan(0);
    expect(results.slice(firstNegative).every((r) => r.score < 0)).toBe(true);
  });
});
