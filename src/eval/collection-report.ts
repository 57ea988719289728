import type { ResultOutcome } from '../results/collect.js';
import type { Cell, Table } from '../results/report.js';
import { bootstrapMean, DEFAULT_BOOTSTRAP } from './bootstrap.js';
import {
  ndcgDifference,
  TREC_DEPTH,
  TREC_MEASURES,
  type CollectionReport,
  type VariantScores,
} from './collection-eval.js';

/** The cross-collection table the README copies; a test holds the README to it by this title. */
export const CROSS_COLLECTION_TABLE = 'nDCG@10 by collection and ranking [95% interval]';

const score = (value: number) => value.toFixed(3);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${score(value)}`;

/** "0.687 [0.655, 0.718]": a mean with its bootstrap interval over the cases. */
function withInterval(values: readonly number[]): string {
  const { difference, low, high } = bootstrapMean(values);
  return `${score(difference)} [${score(low)}, ${score(high)}]`;
}

function collectionLabel(report: CollectionReport): string {
  return `${report.collection} (${report.queries})`;
}

/** Collections as rows, ranking settings as columns: nDCG@10 with its interval. */
export function crossCollectionTable(reports: readonly CollectionReport[]): Table {
  const labels = reports[0].variants.map((v) => v.label);
  return {
    title: CROSS_COLLECTION_TABLE,
    columns: ['collection (queries)', ...labels],
    rows: reports.map((report) => [
      collectionLabel(report),
      ...labels.map((label) => {
        const variant = report.variants.find((v) => v.label === label);
        return variant ? withInterval(variant.cases.map((c) => c.ndcg10)) : null;
      }),
    ]),
  };
}

/** One table per ranking setting: every measure on every collection, nDCG@10 with its interval. */
export function variantTables(reports: readonly CollectionReport[]): Table[] {
  return reports[0].variants.map(({ label }) => ({
    title: `Ranking: ${label}`,
    columns: ['collection (queries)', ...TREC_MEASURES.map((m) => m.label)],
    rows: reports.map((report): Cell[] => {
      const variant = report.variants.find((v) => v.label === label);
      if (!variant) return [collectionLabel(report), ...TREC_MEASURES.map(() => null)];
      return [collectionLabel(report), ...measureCells(variant)];
    }),
  }));
}

function measureCells(variant: VariantScores): string[] {
  return TREC_MEASURES.map(({ key }) =>
    key === 'ndcg10' ? withInterval(variant.cases.map((c) => c.ndcg10)) : score(variant.mean[key]),
  );
}

/** Each collection's baseline setting against every other, nDCG@10 case by case. */
export function differenceTable(reports: readonly CollectionReport[], baseline: string): Table {
  const percent = Math.round(DEFAULT_BOOTSTRAP.confidence * 100);
  return {
    title: `Paired differences in nDCG@10: ${baseline} against each other setting`,
    columns: ['collection', 'comparison', 'difference', `${percent}% interval`],
    rows: reports.flatMap((report) => {
      const base = report.variants.find((v) => v.label === baseline);
      if (!base) return [];
      return report.variants
        .filter((v) => v !== base)
        .map((other) => {
          const { difference, low, high } = ndcgDifference(base, other);
          return [
            report.collection,
            `${baseline} - ${other.label}`,
            signed(difference),
            `${signed(low)} to ${signed(high)}`,
          ];
        });
    }),
  };
}

/** The notes every results file of judged collections carries: what each measure means. */
export const MEASURE_NOTES: readonly string[] = [
  'Measures as trec_eval defines them (and so pytrec_eval and ir_measures): nDCG@10 with ' +
    'linear gain (the grade) against the ideal order of every judged relevant document; ' +
    'R@10 and R@100 the share of judged relevant documents in the top 10 and 100; MRR@10 the ' +
    'reciprocal rank of the first relevant document, 0 when none is in the top 10. Every case ' +
    `is ranked ${TREC_DEPTH} deep.`,
  `Intervals: percentile bootstrap over queries (${DEFAULT_BOOTSTRAP.resamples} resamples, ` +
    `seed ${DEFAULT_BOOTSTRAP.seed}); for differences, paired by query, and an interval that ` +
    'holds 0 is no evidence of a difference.',
  'Rankings are deterministic for a given index and judged set; nothing here is timed.',
];

/** The results file of one or more collections scored on their indexes. */
export function collectionOutcome(
  reports: readonly CollectionReport[],
  baseline: string,
): ResultOutcome {
  return {
    parameters: {
      collections: reports.map((r) => ({
        name: r.collection,
        split: r.split,
        queries: r.queries,
        judgmentsSha256: r.sha256,
        embedder: r.embedder,
        indexVersion: r.indexVersion,
        defaultFusion: r.fusion,
      })),
      rankingDepth: TREC_DEPTH,
    },
    tables: [
      crossCollectionTable(reports),
      differenceTable(reports, baseline),
      ...variantTables(reports),
    ],
    notes: [...MEASURE_NOTES],
    data: { reports: reports.map((r) => ({ ...r })) },
  };
}
