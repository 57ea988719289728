import { describe, expect, it } from 'vitest';
import {
  caseScores,
  fitFusionWeight,
  withAnswer,
  WEIGHT_GRID,
} from '../../src/search/fusion-fit.js';

describe('withAnswer', () => {
  it('puts the answer where its held-out score ranks, in place of its own entry', () => {
    const ranking = [
      { label: 1, score: 0.9 },
      { label: 7, score: 0.8 },
      { label: 2, score: 0.5 },
    ];
    expect(withAnswer(ranking, { label: 7, score: 0.6 }, 3).map((r) => r.label)).toEqual([1, 7, 2]);
    // Below all others and past the depth: not in the ranking.
    expect(withAnswer(ranking, { label: 7, score: 0.1 }, 2).map((r) => r.label)).toEqual([1, 2]);
    // A score of 0 (no shared term) finds nothing.
    expect(withAnswer(ranking, { label: 7, score: 0 }, 5).map((r) => r.label)).toEqual([1, 2]);
  });
});

describe('fitFusionWeight', () => {
  // Answer 9: second in the dense ranking, absent from the lexical one, where 5 wins clearly.
  const denseWins = {
    target: 9,
    dense: [
      { label: 4, score: 0.62 },
      { label: 9, score: 0.6 },
    ],
    lexical: [{ label: 4, score: 0.9 }],
  };
  // Answer 3: first lexically; the dense ranking puts two others above it.
  const lexicalWins = {
    target: 3,
    dense: [
      { label: 1, score: 0.7 },
      { label: 2, score: 0.69 },
      { label: 3, score: 0.2 },
    ],
    lexical: [{ label: 3, score: 0.5 }],
  };

  it('scores each case by where its answer lands: nDCG@10 of one relevant paper', () => {
    // Semantic alone: answer 9 at rank 2 (1/log2(3)), answer 3 at rank 3 (1/log2(4) = 0.5).
    const semantic = caseScores([denseWins, lexicalWins], 1);
    expect(semantic[0]).toBeCloseTo(1 / Math.log2(3), 12);
    expect(semantic[1]).toBeCloseTo(0.5, 12);
    // Lexical alone: 9 is not found (0); 3 is first (1).
    expect(caseScores([denseWins, lexicalWins], 0)).toEqual([0, 1]);
  });

  it('chooses the most lexical weight within one standard error of the best', () => {
    const fit = fitFusionWeight([denseWins, lexicalWins, lexicalWins]);
    expect(fit.grid.map((g) => g.semanticWeight)).toEqual(WEIGHT_GRID);
    const best = Math.max(...fit.grid.map((g) => g.ndcg10));
    const chosen = fit.grid.find((g) => g.semanticWeight === fit.semanticWeight)!;
    expect(chosen.ndcg10).toBeGreaterThanOrEqual(best - fit.standardError);
    const moreLexical = fit.grid.filter((g) => g.semanticWeight < fit.semanticWeight);
    for (const g of moreLexical) expect(g.ndcg10).toBeLessThan(best - fit.standardError);
    expect(fit.standardError).toBeGreaterThan(0);
  });

  it('leans to the semantic half when only it finds the answers', () => {
    // Answer 9 is first by cosine; 4, which BM25 likes, comes first once w * 0.6 falls below
    // w * 0.5 + (1 - w) * 0.9, that is for every weight under 0.9.
    const semanticOnly = {
      target: 9,
      dense: [
        { label: 9, score: 0.6 },
        { label: 4, score: 0.5 },
      ],
      lexical: [{ label: 4, score: 0.9 }],
    };
    expect(fitFusionWeight([semanticOnly, semanticOnly]).semanticWeight).toBe(0.95);
  });

  it('keeps equal weights with nothing to judge by', () => {
    expect(fitFusionWeight([]).semanticWeight).toBe(0.5);
  });
});
