/** The k of reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009). */
export const RRF_K = 60;

export interface Fused {
  label: number;
  /** Sum over the rankings holding the label of 1 / (RRF_K + rank). */
  score: number;
}

/**
 * Reciprocal rank fusion of rankings (labels best first): each label scores
 * sum(1 / (k + rank)) over the rankings it appears in, rank counted from 1. Fusing ranks,
 * not scores, needs no calibration between cosine similarities and BM25 scores. Ties go to
 * the label with the better single rank, then the lower label.
 */
export function reciprocalRankFusion(
  rankings: ReadonlyArray<readonly number[]>,
  k = RRF_K,
): Fused[] {
  const fused = new Map<number, { score: number; best: number }>();
  for (const ranking of rankings) {
    ranking.forEach((label, index) => {
      const entry = fused.get(label) ?? { score: 0, best: Infinity };
      entry.score += 1 / (k + index + 1);
      entry.best = Math.min(entry.best, index);
      fused.set(label, entry);
    });
  }
  return [...fused]
    .sort(([la, a], [lb, b]) => b.score - a.score || a.best - b.best || la - lb)
    .map(([label, { score }]) => ({ label, score }));
}
