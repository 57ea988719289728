import type { RankMode } from '../search/rank-mode.js';
import { judgedPaperIds, type Judgment } from './judgments.js';
import { mean, ndcgAt, recallAt, reciprocalRank } from './metrics.js';

/** How deep each case's ranking is fetched: the deepest cut-off any metric reads. */
export const RANKING_DEPTH = 50;

/** Produces the ranked paper ids for one judged case in one mode, best first. */
export type Ranker = (judgment: Judgment, mode: RankMode, k: number) => Promise<string[]>;

export interface Scores {
  ndcg10: number;
  recall10: number;
  recall50: number;
  mrr: number;
}

/** Mean scores over a group of cases, with how many cases there were. */
export interface GroupScores extends Scores {
  cases: number;
}

export interface ModeReport {
  mode: RankMode;
  query: GroupScores;
  related: GroupScores;
  overall: GroupScores;
}

export function scoreRanking(ranking: readonly string[], judgment: Judgment): Scores {
  const grades = judgment.relevant;
  return {
    ndcg10: ndcgAt(ranking, grades, 10),
    recall10: recallAt(ranking, grades, 10),
    recall50: recallAt(ranking, grades, 50),
    mrr: reciprocalRank(ranking, grades),
  };
}

function average(scores: Scores[]): GroupScores {
  return {
    ndcg10: mean(scores.map((s) => s.ndcg10)),
    recall10: mean(scores.map((s) => s.recall10)),
    recall50: mean(scores.map((s) => s.recall50)),
    mrr: mean(scores.map((s) => s.mrr)),
    cases: scores.length,
  };
}

/**
 * Papers the judgments name that `has` does not know; scoring against an index that lacks
 * judged papers would silently understate every mode, so callers refuse to run.
 */
export async function unknownPapers(
  judgments: readonly Judgment[],
  has: (id: string) => Promise<boolean>,
): Promise<string[]> {
  const ids = [...new Set(judgments.flatMap(judgedPaperIds))];
  const held = await Promise.all(ids.map(has));
  return ids.filter((_, i) => !held[i]);
}

/**
 * Runs every case through the ranker in each mode and averages the scores per kind of case
 * and overall (overall weights every case equally).
 */
export async function evaluate(
  judgments: readonly Judgment[],
  rank: Ranker,
  modes: readonly RankMode[],
): Promise<ModeReport[]> {
  const reports: ModeReport[] = [];
  for (const mode of modes) {
    const scored: Array<{ kind: Judgment['kind']; scores: Scores }> = [];
    for (const judgment of judgments) {
      const ranking = await rank(judgment, mode, RANKING_DEPTH);
      scored.push({ kind: judgment.kind, scores: scoreRanking(ranking, judgment) });
    }
    const of = (kind: Judgment['kind']) =>
      scored.filter((s) => s.kind === kind).map((s) => s.scores);
    reports.push({
      mode,
      query: average(of('query')),
      related: average(of('related')),
      overall: average(scored.map((s) => s.scores)),
    });
  }
  return reports;
}
