/**
 * Fusion of a dense and a lexical ranking into one (hybrid mode). Three methods: reciprocal
 * rank fusion, which reads only ranks; a blend of min-max normalised scores, which also reads
 * how far apart the scores of each ranking are; and a mean of absolute relevances (cosine
 * similarity, share of the BM25 ceiling), which also reads how good the best match is, so its
 * scores compare across queries. The default is chosen by the judged set (docs/ranking.md).
 */
import type { Scored } from '../index/scored.js';

export type { Scored };

export const FUSION_METHODS = ['blend', 'rrf', 'absolute'] as const;
export type FusionMethod = (typeof FUSION_METHODS)[number];
export const DEFAULT_FUSION: FusionMethod = 'absolute';

/** Each ranking is fetched this deep (or k, if larger) before fusing. */
export const FUSION_DEPTH = 100;

/** The k of reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009). */
export const RRF_K = 60;

/** The semantic ranking's weight in hybrid fusion when nothing was fitted or chosen. */
export const EQUAL_WEIGHT = 0.5;

/** Each ranking's weight, summing to 1; equal weights when absent. */
export type FusionWeights = readonly number[];

function equalWeights(count: number): number[] {
  return new Array<number>(count).fill(1 / count);
}

export function fuse(
  method: FusionMethod,
  rankings: ReadonlyArray<readonly Scored[]>,
  weights: FusionWeights = equalWeights(rankings.length),
): Scored[] {
  if (method === 'rrf')
    return reciprocalRankFusion(
      rankings.map((ranking) => ranking.map((r) => r.label)),
      RRF_K,
      weights,
    );
  return method === 'blend' ? scoreBlend(rankings, weights) : absoluteMean(rankings, weights);
}

/**
 * Weighted mean of scores that are already absolute relevances in [0, 1] (negative cosines
 * count as 0); a label missing from a ranking gets 0 there.
 */
export function absoluteMean(
  rankings: ReadonlyArray<readonly Scored[]>,
  weights: FusionWeights = equalWeights(rankings.length),
): Scored[] {
  return combine(
    rankings.map((ranking) => ranking.map((r) => r.label)),
    (_labels, i) => rankings[i].map((r) => weights[i] * clamp01(r.score)),
  );
}

export function clamp01(score: number): number {
  return Math.min(1, Math.max(0, score));
}

/**
 * Reciprocal rank fusion of rankings (labels best first): each label scores
 * sum(1 / (k + rank)) over the rankings it appears in, rank counted from 1; with weights, each
 * ranking's terms are scaled by its weight times the number of rankings (1 when equal).
 */
export function reciprocalRankFusion(
  rankings: ReadonlyArray<readonly number[]>,
  k = RRF_K,
  weights: FusionWeights = equalWeights(rankings.length),
): Scored[] {
  const scale = weights.map((w) => w * rankings.length);
  return combine(rankings, (ranking, i) => ranking.map((_, index) => scale[i] / (k + index + 1)));
}

/**
 * Weighted blend of min-max normalised scores: in each ranking the best score maps to 1 and
 * the worst fetched to 0 (all to 1 when they are equal); a label missing from a ranking gets 0
 * there; the fused score is the weighted mean. Normalising puts cosine similarities and BM25
 * scores on one scale without calibrating either.
 */
export function scoreBlend(
  rankings: ReadonlyArray<readonly Scored[]>,
  weights: FusionWeights = equalWeights(rankings.length),
): Scored[] {
  return combine(
    rankings.map((ranking) => ranking.map((r) => r.label)),
    (_labels, i) => {
      const scores = rankings[i].map((r) => r.score);
      const max = Math.max(...scores);
      const min = Math.min(...scores);
      return scores.map((s) => weights[i] * (max > min ? (s - min) / (max - min) : 1));
    },
  );
}

/**
 * Sums per-ranking contributions per label. Ties go to the label with the better single
 * rank, then the lower label, so fused order is deterministic.
 */
function combine(
  rankings: ReadonlyArray<readonly number[]>,
  contributions: (ranking: readonly number[], index: number) => number[],
): Scored[] {
  const fused = new Map<number, { score: number; best: number }>();
  rankings.forEach((ranking, i) => {
    const add = contributions(ranking, i);
    ranking.forEach((label, rank) => {
      const entry = fused.get(label) ?? { score: 0, best: Infinity };
      entry.score += add[rank];
      entry.best = Math.min(entry.best, rank);
      fused.set(label, entry);
    });
  });
  return [...fused]
    .sort(([la, a], [lb, b]) => b.score - a.score || a.best - b.best || la - lb)
    .map(([label, { score }]) => ({ label, score }));
}
