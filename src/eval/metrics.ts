/**
 * Ranking metrics over graded relevance judgments. A ranking is a list of paper ids, best
 * first; `grades` maps each judged paper to its grade, and any grade of 1 or more counts as
 * relevant. Papers not in `grades` are not relevant.
 */
export type Grades = ReadonlyMap<string, number>;

/**
 * How a grade becomes gain in nDCG: `exponential` is 2^grade - 1 (Burges et al.), `linear` the
 * grade itself, as trec_eval's ndcg_cut (and so pytrec_eval and ir_measures) computes it. The
 * two agree on binary judgments.
 */
export type NdcgGain = 'exponential' | 'linear';

/** Gain of a paper of `grade` at 1-based `rank`, discounted by log2(rank + 1). */
function gain(grade: number, rank: number, kind: NdcgGain): number {
  return (kind === 'linear' ? grade : 2 ** grade - 1) / Math.log2(rank + 1);
}

function dcg(grades: Iterable<number>, k: number, kind: NdcgGain): number {
  let sum = 0;
  let rank = 0;
  for (const grade of grades) {
    if (++rank > k) break;
    if (grade > 0) sum += gain(grade, rank, kind);
  }
  return sum;
}

function relevantGrades(grades: Grades): number[] {
  return [...grades.values()].filter((grade) => grade >= 1);
}

/**
 * nDCG@k: the DCG of the top k divided by the DCG of the ideal ranking of every judged
 * relevant paper, so relevant papers the ranking never reaches still cost. 0 when nothing
 * is judged relevant.
 */
export function ndcgAt(
  ranking: readonly string[],
  grades: Grades,
  k: number,
  kind: NdcgGain = 'exponential',
): number {
  const ideal = dcg(
    relevantGrades(grades).sort((a, b) => b - a),
    k,
    kind,
  );
  if (ideal === 0) return 0;
  return (
    dcg(
      ranking.map((id) => grades.get(id) ?? 0),
      k,
      kind,
    ) / ideal
  );
}

/** Fraction of the judged relevant papers found in the top k. 0 when none is judged relevant. */
export function recallAt(ranking: readonly string[], grades: Grades, k: number): number {
  const relevant = relevantGrades(grades).length;
  if (relevant === 0) return 0;
  const found = new Set(ranking.slice(0, k).filter((id) => (grades.get(id) ?? 0) >= 1)).size;
  return found / relevant;
}

/**
 * 1 / rank of the first relevant paper; 0 when the ranking holds none, or none in the top k
 * (RR@k, as ir_measures' RR@10 counts for MRR@10).
 */
export function reciprocalRank(ranking: readonly string[], grades: Grades, k = Infinity): number {
  const index = ranking.findIndex((id) => (grades.get(id) ?? 0) >= 1);
  return index === -1 || index >= k ? 0 : 1 / (index + 1);
}

/** Arithmetic mean; 0 for no values (an empty group of cases scores nothing). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}
