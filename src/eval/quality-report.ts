import { isAbsolute, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../util/project-root.js';
import type { ResultOutcome } from '../results/collect.js';
import type { Cell, Table } from '../results/report.js';
import { DEFAULT_FUSION, FUSION_DEPTH, RRF_K } from '../search/fusion.js';
import { DEFAULT_BOOTSTRAP, pairedBootstrap } from './bootstrap.js';
import { RANKING_DEPTH, type GroupScores } from './evaluate.js';
import { QUERY_WORDINGS, type QueryWording } from './judgments.js';
import type { QualityRun, VariantReport } from './quality.js';

/** The results file's name and title: bench/results/quality.{md,json}. */
export const QUALITY_NAME = 'quality';
export const QUALITY_TITLE = 'Search quality on judged queries and related-paper cases';

/** Tables the README copies; a test holds the README to them by these titles. */
export const SUMMARY_TABLE = 'nDCG@10 (queries / related / all), recall and MRR over all cases';
export const WORDING_TABLE = 'nDCG@10 of free-text queries by wording';
export const COMPARISON_TABLE = 'Paired differences in nDCG@10 over all cases';
const DETAIL_TABLE = 'Every group of cases';

const WORDING_LABELS: Record<QueryWording, string> = {
  plain: 'plain words',
  field: "the field's terms",
};

/** The tables, parameters and notes of a quality run, as every results file has them. */
export function qualityOutcome(run: QualityRun): ResultOutcome {
  const wordings = QUERY_WORDINGS.filter((w) => run.judged.judgments.some(hasWording(w)));
  const tables = [
    summaryTable(run),
    ...(wordings.length > 0 ? [wordingTable(run, wordings)] : []),
    comparisonTable(run),
    detailTable(run, wordings),
  ];
  return {
    parameters: parameters(run, wordings),
    tables,
    notes: notes(wordings.length > 0),
    data: { reports: run.reports },
  };
}

function hasWording(wording: QueryWording) {
  return (j: QualityRun['judged']['judgments'][number]) =>
    j.kind === 'query' && j.wording === wording;
}

function variantLabel(report: VariantReport, embedder: string): string {
  if (report.mode === 'semantic') return `semantic (${embedder})`;
  if (report.mode === 'lexical') return 'lexical (BM25)';
  const fusion = report.fusion === 'rrf' ? `RRF k=${RRF_K}` : report.fusion;
  return `hybrid, ${fusion}${report.fusion === DEFAULT_FUSION ? ' (default)' : ''}`;
}

/** Scores are fractions: three decimals throughout, so columns line up as the README shows. */
const score = (value: number) => value.toFixed(3);

function summaryTable(run: QualityRun): Table {
  return {
    title: SUMMARY_TABLE,
    columns: ['mode', 'nDCG@10 (queries / related / all)', 'R@10 all', 'R@50 all', 'MRR all'],
    rows: run.reports.map((report) => [
      variantLabel(report, run.identity.embedder),
      [report.query, report.related, report.overall].map((g) => score(g.ndcg10)).join(' / '),
      score(report.overall.recall10),
      score(report.overall.recall50),
      score(report.overall.mrr),
    ]),
  };
}

function wordingTable(run: QualityRun, wordings: QueryWording[]): Table {
  const counts = run.reports[0].byWording;
  return {
    title: WORDING_TABLE,
    columns: [
      'mode',
      ...wordings.map((w) => `${WORDING_LABELS[w]} (${counts[w]?.cases ?? 0} queries)`),
    ],
    rows: run.reports.map((report) => [
      variantLabel(report, run.identity.embedder),
      ...wordings.map((w) => score(report.byWording[w]?.ndcg10 ?? 0)),
    ]),
  };
}

/** The default setting against each alternative, case by case. */
function comparisonTable(run: QualityRun): Table {
  const label = (report: VariantReport) => variantLabel(report, run.identity.embedder);
  const chosen = run.reports.find((r) => r.mode === 'hybrid' && r.fusion === DEFAULT_FUSION)!;
  const ndcg = (report: VariantReport) => report.cases.map((c) => c.ndcg10);
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${score(value)}`;
  const percent = Math.round(DEFAULT_BOOTSTRAP.confidence * 100);
  return {
    title: COMPARISON_TABLE,
    columns: ['comparison', 'difference', `${percent}% interval`],
    rows: run.reports
      .filter((report) => report !== chosen)
      .map((other) => {
        const { difference, low, high } = pairedBootstrap(ndcg(chosen), ndcg(other));
        return [
          `${label(chosen)} - ${label(other)}`,
          signed(difference),
          `${signed(low)} to ${signed(high)}`,
        ];
      }),
  };
}

function detailTable(run: QualityRun, wordings: QueryWording[]): Table {
  const row = (label: string, group: string, g: GroupScores): Cell[] => [
    label,
    group,
    g.cases,
    ...[g.ndcg10, g.recall10, g.recall50, g.mrr].map(score),
  ];
  return {
    title: DETAIL_TABLE,
    columns: ['mode', 'cases', 'n', 'nDCG@10', 'recall@10', 'recall@50', 'MRR'],
    rows: run.reports.flatMap((report) => {
      const label = variantLabel(report, run.identity.embedder);
      return [
        row(label, 'query', report.query),
        ...wordings.map((w) => row(label, `query, ${WORDING_LABELS[w]}`, report.byWording[w]!)),
        row(label, 'related', report.related),
        row(label, 'overall', report.overall),
      ];
    }),
  };
}

function parameters(run: QualityRun, wordings: QueryWording[]): Record<string, unknown> {
  const { manifest, identity, judged } = run;
  const judgments = judged.judgments;
  return {
    index: {
      version: identity.indexVersion,
      embedder: identity.embedder,
      papers: manifest.count,
      search: manifest.search,
      textEngine: manifest.text.engine,
      corpusFiles: manifest.corpus.files,
      corpusChecksum: manifest.corpus.checksum,
    },
    judgments: {
      file: displayPath(judged.file),
      sha256: judged.sha256,
      queries: judgments.filter((j) => j.kind === 'query').length,
      related: judgments.filter((j) => j.kind === 'related').length,
      ...Object.fromEntries(
        wordings.map((w) => [`${w}Queries`, judgments.filter(hasWording(w)).length]),
      ),
    },
    rankingDepth: RANKING_DEPTH,
    fusionDepth: FUSION_DEPTH,
  };
}

function notes(byWording: boolean): string[] {
  return [
    'nDCG@10 has gain 2^grade - 1 against the ideal ranking of every judged paper; recall and ' +
      `MRR count papers of grade 1 or more; every case is ranked ${RANKING_DEPTH} deep.`,
    `Hybrid fetches each ranking ${FUSION_DEPTH} deep and fuses them: absolute is the mean of ` +
      'absolute relevances (cosine similarity, share of the BM25 ceiling), blend an equal-weight ' +
      `sum of min-max normalised scores, RRF reciprocal rank fusion with k = ${RRF_K}.`,
    ...(byWording
      ? [
          'Free-text queries are marked by wording in the judgments: plain words as a person ' +
            "asks, avoiding the papers' own terms, or the field's terms.",
        ]
      : []),
    `Intervals: paired percentile bootstrap over cases, ${DEFAULT_BOOTSTRAP.resamples} ` +
      `resamples, seed ${DEFAULT_BOOTSTRAP.seed}; an interval that holds 0 is no evidence of a ` +
      'difference.',
    'Rankings are deterministic for a given index and judged set; nothing here is timed.',
  ];
}

/** Paths inside the project are written relative to it, so results name no machine's folders. */
function displayPath(file: string): string {
  const inside = relative(PROJECT_ROOT, resolve(file));
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}
