import type { RankMode } from '../search/rank-mode.js';
import { judgedPaperIds, QUERY_WORDINGS, type Judgment, type QueryWording } from './judgments.js';
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
  /** Query cases by wording; a wording no case is marked with is left out. */
  byWording: Partial<Record<QueryWording, GroupScores>>;
  /** Every case's own scores, in judgment order: paired comparisons between modes need them. */
  cases: CaseScores[];
}

export interface CaseScores extends Scores {
  id: string;
}

export function scoreRanking(
  ranking: readonly string[],
  judgment: Pick<Judgment, 'relevant'>,
): Scores {
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
    const scored: Array<{ judgment: Judgment; scores: Scores }> = [];
    for (const judgment of judgments) {
      const ranking = await rank(judgment, mode, RANKING_DEPTH);
      scored.push({ judgment, scores: scoreRanking(ranking, judgment) });
    }
    const where = (keep: (judgment: Judgment) => boolean) =>
      scored.filter((s) => keep(s.judgment)).map((s) => s.scores);
    const byWording: ModeReport['byWording'] = {};
    for (const wording of QUERY_WORDINGS) {
      const cases = where((j) => j.kind === 'query' && j.wording === wording);
      if (cases.length > 0) byWording[wording] = average(cases);
    }
    reports.push({
      mode,
      query: average(where((j) => j.kind === 'query')),
      related: average(where((j) => j.kind === 'related')),
      overall: average(scored.map((s) => s.scores)),
      byWording,
      cases: scored.map((s) => ({ id: s.judgment.id, ...s.scores })),
    });
  }
  return reports;
}
