import type { ResultOutcome } from '../results/collect.js';
import type { Cell, Table } from '../results/report.js';
import type { RankMode } from '../search/rank-mode.js';
import {
  DEFAULT_STRATEGY,
  RECOMMEND_STRATEGIES,
  SVM_NEGATIVE_SAMPLE,
  type RecommendStrategy,
} from '../search/recommend-strategies.js';
import type { SearchService } from '../search/search-service.js';
import { DEFAULT_BOOTSTRAP, pairedBootstrap } from './bootstrap.js';
import { RANKING_DEPTH, scoreRanking, type Scores } from './evaluate.js';
import type { Judgment } from './judgments.js';
import {
  libraryCases,
  LIBRARY_SIZES,
  MIN_LEFT_TO_FIND,
  twoTopicCases,
  type LibraryCase,
} from './library-cases.js';
import { mean } from './metrics.js';
import type { JudgedSet } from './quality.js';

export const STRATEGIES_NAME = 'recommend-strategies';
export const STRATEGIES_TITLE = 'Recommendation strategies on libraries made from judged cases';
export const STRATEGY_TABLE = 'nDCG@10, recall@10 and recall@50 by strategy, all library cases';

/** The modes strategies are compared in: the strategy alone, and fused as served by default. */
const MODES: RankMode[] = ['semantic', 'hybrid'];

interface StrategyScores {
  strategy: RecommendStrategy;
  mode: RankMode;
  cases: Array<{ id: string; group: string } & Scores>;
}

/** Every strategy in every compared mode, on every library case. */
export async function scoreStrategies(
  judgments: readonly Judgment[],
  service: SearchService,
): Promise<{ cases: LibraryCase[]; scores: StrategyScores[] }> {
  const cases = [...libraryCases(judgments), ...twoTopicCases(judgments)];
  const scores: StrategyScores[] = [];
  for (const mode of MODES) {
    for (const strategy of RECOMMEND_STRATEGIES) {
      const scored = [];
      for (const libraryCase of cases) {
        const { results } = await service.recommend({
          positive: libraryCase.library,
          negative: [],
          k: RANKING_DEPTH,
          mode,
          strategy,
        });
        const ranking = results.map((hit) => hit.id);
        scored.push({
          id: libraryCase.id,
          group: groupOf(libraryCase),
          ...scoreRanking(ranking, libraryCase),
        });
      }
      scores.push({ strategy, mode, cases: scored });
    }
  }
  return { cases, scores };
}

/** The results file's tables, parameters and notes. */
export function strategyOutcome(
  judged: JudgedSet,
  embedder: string,
  run: Awaited<ReturnType<typeof scoreStrategies>>,
): ResultOutcome {
  return {
    parameters: {
      embedder,
      judgments: { file: 'data/sample/judgments.jsonl', sha256: judged.sha256 },
      librarySizes: LIBRARY_SIZES,
      cases: run.cases.length,
      twoTopicCases: run.cases.filter((c) => c.topics === 2).length,
      minLeftToFind: MIN_LEFT_TO_FIND,
      rankingDepth: RANKING_DEPTH,
      svmNegativeSample: SVM_NEGATIVE_SAMPLE,
      defaultStrategy: DEFAULT_STRATEGY,
    },
    tables: [summaryTable(run.scores), bySizeTable(run.scores), comparisonTable(run.scores)],
    notes: [
      'One topic: every judged related-paper case becomes libraries of 2, 3 and 5 papers (its ' +
        'source paper and the papers judged most relevant to it, ties in a seeded order); the ' +
        'rest of its relevant set is what should be recommended. A case is kept while at least ' +
        `${MIN_LEFT_TO_FIND} relevant papers are left to find.`,
      'Two topics: the 2-paper libraries of two related cases with no judged paper in common ' +
        '(each case with the next such one), joined; the papers left in both are to be found.',
      'nDCG@10 has gain 2^grade - 1 against the ideal ranking of the papers left to find; ' +
        `every case is ranked ${RANKING_DEPTH} deep; the library's papers are never returned.`,
      'semantic: the strategy alone. hybrid (the default mode): the strategy fused with the ' +
        'lexical "more like this" ranking of the library\'s titles and abstracts.',
      `Intervals: paired percentile bootstrap over library cases, ${DEFAULT_BOOTSTRAP.resamples} ` +
        `resamples, seed ${DEFAULT_BOOTSTRAP.seed}; the libraries of one related case share ` +
        'papers, so the intervals are somewhat narrower than independent cases would give.',
      'Rankings are deterministic for a given index and judged set; nothing here is timed.',
    ],
    data: { scores: run.scores },
  };
}

const fixed = (value: number) => value.toFixed(3);

const TWO_TOPICS = 'two topics, 4 papers';

function groupOf(c: LibraryCase): string {
  return c.topics === 2 ? TWO_TOPICS : `one topic, ${c.library.length} papers`;
}

const meanOf = (cases: StrategyScores['cases'], metric: keyof Scores) =>
  fixed(mean(cases.map((c) => c[metric])));

function label(s: StrategyScores): string {
  return `${s.strategy}${s.strategy === DEFAULT_STRATEGY ? ' (default)' : ''}`;
}

function summaryTable(scores: StrategyScores[]): Table {
  const single = (s: StrategyScores) => s.cases.filter((c) => c.group !== TWO_TOPICS);
  const double = (s: StrategyScores) => s.cases.filter((c) => c.group === TWO_TOPICS);
  return {
    title: STRATEGY_TABLE,
    columns: ['mode', 'strategy', 'nDCG@10 (one topic / two topics / all)', 'R@10 all', 'R@50 all'],
    rows: scores.map((s) => [
      s.mode,
      label(s),
      [single(s), double(s), s.cases].map((cases) => meanOf(cases, 'ndcg10')).join(' / '),
      meanOf(s.cases, 'recall10'),
      meanOf(s.cases, 'recall50'),
    ]),
  };
}

function bySizeTable(scores: StrategyScores[]): Table {
  const groups = [...new Set(scores[0]?.cases.map((c) => c.group) ?? [])];
  const inGroup = (s: StrategyScores, group: string) => s.cases.filter((c) => c.group === group);
  return {
    title: 'nDCG@10 by library',
    columns: [
      'mode',
      'strategy',
      ...groups.map((group) => `${group} (${inGroup(scores[0], group).length} cases)`),
    ],
    rows: scores.map((s): Cell[] => [
      s.mode,
      label(s),
      ...groups.map((group) => meanOf(inGroup(s, group), 'ndcg10')),
    ]),
  };
}

/** The default strategy against each other, in each mode, case by case. */
function comparisonTable(scores: StrategyScores[]): Table {
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${fixed(value)}`;
  const percent = Math.round(DEFAULT_BOOTSTRAP.confidence * 100);
  return {
    title: 'Paired differences in nDCG@10: the default strategy against each other',
    columns: ['mode', 'comparison', 'difference', `${percent}% interval`],
    rows: MODES.flatMap((mode) => {
      const inMode = scores.filter((s) => s.mode === mode);
      const chosen = inMode.find((s) => s.strategy === DEFAULT_STRATEGY);
      if (!chosen) return [];
      return inMode
        .filter((s) => s !== chosen)
        .map((other) => {
          const { difference, low, high } = pairedBootstrap(
            chosen.cases.map((c) => c.ndcg10),
            other.cases.map((c) => c.ndcg10),
          );
          return [
            mode,
            `${chosen.strategy} - ${other.strategy}`,
            signed(difference),
            `${signed(low)} to ${signed(high)}`,
          ];
        });
    }),
  };
}
