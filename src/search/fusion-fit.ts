import { fuse, EQUAL_WEIGHT, type Scored } from './fusion.js';

/**
 * Choosing hybrid's fusion weight from queries with one known answer each (pseudo-queries an
 * index makes from its own papers). Every candidate weight fuses each query's two rankings
 * with the mean of absolute relevances, and scores where the answer lands.
 *
 * The choice follows the one-standard-error rule of model selection (Breiman et al., 1984):
 * of the weights scoring within one standard error of the best, the one leaning most to the
 * lexical ranking. Pseudo-queries flatter the semantic half: a sentence or title taken from a
 * paper shares its topic with the rest of it more surely than a reader's query does, and a
 * fitted embedder has seen the paper whole; so where the evidence cannot tell weights apart,
 * BM25, which every corpus's wording supports, keeps its share.
 */

/** One query's two rankings, the answer's place in each already settled, and the answer. */
export interface FitCase {
  dense: readonly Scored[];
  lexical: readonly Scored[];
  target: number;
}

/** Semantic weights tried: 0 (lexical alone) to 1 (semantic alone) in steps of 0.05. */
export const WEIGHT_GRID: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

export interface WeightScore {
  semanticWeight: number;
  ndcg10: number;
}

export interface FusionFit {
  semanticWeight: number;
  /** Of the best weight's mean: the margin within which weights count as tied. */
  standardError: number;
  /** Mean nDCG@10 of the answer at each weight tried, weight 0 and 1 being the halves alone. */
  grid: WeightScore[];
}

/** nDCG@10 of one relevant document at 1-based `rank` (0 past 10). */
function ndcgOfRank(rank: number): number {
  return rank >= 1 && rank <= 10 ? 1 / Math.log2(rank + 1) : 0;
}

function rankOf(ranking: readonly Scored[], target: number): number {
  return ranking.findIndex((r) => r.label === target) + 1;
}

/** Each case's nDCG@10 when hybrid fuses with this semantic weight. */
export function caseScores(cases: readonly FitCase[], semanticWeight: number): number[] {
  return cases.map((c) => {
    const fused =
      semanticWeight === 1
        ? c.dense
        : semanticWeight === 0
          ? c.lexical
          : fuse('absolute', [c.dense, c.lexical], [semanticWeight, 1 - semanticWeight]);
    return ndcgOfRank(rankOf(fused, c.target));
  });
}

/** Mean nDCG@10 over the cases at this semantic weight (0 for no cases). */
export function scoreWeight(cases: readonly FitCase[], semanticWeight: number): number {
  return mean(caseScores(cases, semanticWeight));
}

/**
 * The most lexical weight scoring within one standard error of the best weight's mean; equal
 * weights when there are no cases to judge by.
 */
export function fitFusionWeight(cases: readonly FitCase[]): FusionFit {
  const scored = WEIGHT_GRID.map((semanticWeight) => caseScores(cases, semanticWeight));
  const grid = WEIGHT_GRID.map((semanticWeight, i) => ({
    semanticWeight,
    ndcg10: mean(scored[i]),
  }));
  if (cases.length === 0) return { semanticWeight: EQUAL_WEIGHT, standardError: 0, grid };
  const bestAt = grid.reduce((a, _, i) => (grid[i].ndcg10 > grid[a].ndcg10 ? i : a), 0);
  const standardError = deviation(scored[bestAt]) / Math.sqrt(cases.length);
  const chosen = grid.find((g) => g.ndcg10 >= grid[bestAt].ndcg10 - standardError)!;
  return { semanticWeight: chosen.semanticWeight, standardError, grid };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (0 for fewer than two values). */
function deviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Places the answer, scored as its held-out text scores, in a ranking that excludes its own
 * entry: where it would stand among the `depth` best, or nowhere if below them all.
 */
export function withAnswer(ranking: readonly Scored[], answer: Scored, depth: number): Scored[] {
  const others = ranking.filter((r) => r.label !== answer.label);
  if (answer.score <= 0) return others.slice(0, depth);
  const at = others.findIndex((r) => r.score < answer.score);
  const placed =
    at === -1 ? [...others, answer] : [...others.slice(0, at), answer, ...others.slice(at)];
  return placed.slice(0, depth);
}
