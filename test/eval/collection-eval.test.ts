import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBeirCollection } from '../../src/eval/beir.js';
import {
  scoreVariants,
  trecScores,
  type CaseRanker,
  type Variant,
} from '../../src/eval/collection-eval.js';

const tiny = fileURLToPath(new URL('../fixtures/beir/tiny', import.meta.url));

describe('trecScores', () => {
  it("matches trec_eval's ndcg_cut.10, recall and RR@10 on a case computed by hand", async () => {
    const { judgments } = await readBeirCollection(tiny);
    const [q1] = judgments; // d2 graded 2, d1 graded 1, d6 graded 0
    const ranking = ['d6', 'd1', 'd4', 'd2'];
    // trec_eval's gain is the grade: DCG@10 = 0 + 1/log2(3) + 0 + 2/log2(5) = 1.49228;
    // the ideal order [d2, d1] has 2/log2(2) + 1/log2(3) = 2.63093; nDCG@10 = 0.56720.
    // (The 2^grade - 1 gain would give 1.92296 / 3.63093 = 0.52959.)
    const scores = trecScores(ranking, q1);
    expect(scores.ndcg10).toBeCloseTo(0.5672, 4);
    expect(scores.ndcg10).toBeCloseTo(
      (1 / Math.log2(3) + 2 / Math.log2(5)) / (2 + 1 / Math.log2(3)),
      12,
    );
    // Both relevant documents are in the top 10; the first (d1) is at rank 2.
    expect(scores).toMatchObject({ recall10: 1, recall100: 1, mrr10: 0.5 });
  });

  it('counts recall at 100 and no reciprocal rank past 10', async () => {
    const { judgments } = await readBeirCollection(tiny);
    const [q1] = judgments;
    const filler = Array.from({ length: 10 }, (_, i) => `x${i}`);
    const scores = trecScores([...filler, 'd1'], q1);
    expect(scores).toEqual({ ndcg10: 0, recall10: 0, recall100: 0.5, mrr10: 0 });
  });
});

describe('scoreVariants', () => {
  it('averages every case under each setting and keeps the cases for paired comparisons', async () => {
    const { judgments } = await readBeirCollection(tiny);
    const rankings: Record<string, Record<string, string[]>> = {
      good: { q1: ['d2', 'd1'], q2: ['d3'] },
      poor: { q1: ['d6'], q2: ['d1', 'd3'] },
    };
    const rank: CaseRanker = async (judgment, variant) => rankings[variant.label][judgment.id];
    const variants: Variant[] = [
      { label: 'good', options: { mode: 'lexical' } },
      { label: 'poor', options: { mode: 'semantic' } },
    ];
    const [good, poor] = await scoreVariants(judgments, rank, variants);
    expect(good.mean).toEqual({ ndcg10: 1, recall10: 1, recall100: 1, mrr10: 1 });
    // poor: q1 finds nothing relevant; q2 finds d3 at rank 2 (nDCG 1/log2(3), RR 1/2).
    expect(poor.cases.map((c) => c.id)).toEqual(['q1', 'q2']);
    expect(poor.mean.ndcg10).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(poor.mean.mrr10).toBeCloseTo(0.25, 12);
  });
});
