import { EQUAL_WEIGHT } from '../search/fusion.js';
import type { SearchService, QueryOptions } from '../search/search-service.js';
import { DEFAULT_BOOTSTRAP, pairedBootstrap, type PairedDifference } from './bootstrap.js';
import type { JudgedCollection } from './beir.js';
import type { Judgment } from './judgments.js';
import { mean, ndcgAt, recallAt, reciprocalRank } from './metrics.js';
import { assertJudgedPapersHeld } from './service-ranker.js';

/**
 * The measures BEIR reports, defined as trec_eval (and so pytrec_eval and ir_measures) defines
 * them: nDCG@10 with linear gain (the grade) against the ideal order of every judged relevant
 * document, recall at 10 and 100, and the reciprocal rank of the first relevant document in
 * the top 10 (MRR@10; 0 when none is there).
 */
export interface TrecScores {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
}

export const TREC_MEASURES: ReadonlyArray<{ key: keyof TrecScores; label: string }> = [
  { key: 'ndcg10', label: 'nDCG@10' },
  { key: 'recall10', label: 'R@10' },
  { key: 'recall100', label: 'R@100' },
  { key: 'mrr10', label: 'MRR@10' },
];

/** Each case is ranked this deep: the deepest cut-off a measure reads. */
export const TREC_DEPTH = 100;

export function trecScores(ranking: readonly string[], judgment: Pick<Judgment, 'relevant'>) {
  const grades = judgment.relevant;
  return {
    ndcg10: ndcgAt(ranking, grades, 10, 'linear'),
    recall10: recallAt(ranking, grades, 10),
    recall100: recallAt(ranking, grades, 100),
    mrr10: reciprocalRank(ranking, grades, 10),
  };
}

/** The request settings a ranking is scored under: a mode, and any option the service takes. */
export type VariantOptions = Omit<QueryOptions, 'k' | 'filters' | 'explain'>;

/** One ranking setting to score, with the label results name it by. */
export interface Variant {
  label: string;
  options: VariantOptions;
}

/** Hybrid as the service fuses by default: with the weight the index fitted to its corpus. */
export const DEFAULT_VARIANT = 'hybrid (default)';

/**
 * The standard settings: each half alone, hybrid with fixed equal weights (the fusion before
 * an index fitted its own), and hybrid as the service fuses by default.
 */
export const STANDARD_VARIANTS: readonly Variant[] = [
  { label: 'semantic', options: { mode: 'semantic' } },
  { label: 'lexical', options: { mode: 'lexical' } },
  {
    label: 'hybrid, fixed equal weights',
    options: { mode: 'hybrid', semanticWeight: EQUAL_WEIGHT },
  },
  { label: DEFAULT_VARIANT, options: { mode: 'hybrid' } },
];

/**
 * The lexical half under each query expansion alone and under none, so each one's effect on a
 * collection shows against the same BM25.
 */
export const EXPANSION_VARIANTS: readonly Variant[] = [
  { label: 'lexical, no expansion', options: { mode: 'lexical', expand: [] } },
  { label: 'lexical + RM3', options: { mode: 'lexical', expand: ['rm3'] } },
  { label: 'lexical + synonyms', options: { mode: 'lexical', expand: ['synonyms'] } },
];

/** Produces the ranked document ids for one judged case under one setting, best first. */
export type CaseRanker = (judgment: Judgment, variant: Variant, k: number) => Promise<string[]>;

export interface VariantScores {
  label: string;
  options: VariantOptions;
  /** Means over the cases. */
  mean: TrecScores;
  /** Every case's scores, in judgment order: paired comparisons need them. */
  cases: Array<TrecScores & { id: string }>;
}

/** Free-text cases are searched; related cases ask for the source paper's related papers. */
export function serviceCaseRanker(service: SearchService): CaseRanker {
  return async (judgment, variant, k) => {
    const options = { ...variant.options, k };
    const hits =
      judgment.kind === 'query'
        ? await service.search(judgment.query, options)
        : await service.related(judgment.paper, options);
    return hits.map((hit) => hit.id);
  };
}

/** Scores every case under every setting, TREC_DEPTH deep. */
export async function scoreVariants(
  judgments: readonly Judgment[],
  rank: CaseRanker,
  variants: readonly Variant[],
): Promise<VariantScores[]> {
  const scored: VariantScores[] = [];
  for (const variant of variants) {
    const cases: VariantScores['cases'] = [];
    for (const judgment of judgments) {
      const ranking = await rank(judgment, variant, TREC_DEPTH);
      cases.push({ id: judgment.id, ...trecScores(ranking, judgment) });
    }
    const meanOf = (key: keyof TrecScores) => mean(cases.map((c) => c[key]));
    scored.push({
      label: variant.label,
      options: variant.options,
      mean: {
        ndcg10: meanOf('ndcg10'),
        recall10: meanOf('recall10'),
        recall100: meanOf('recall100'),
        mrr10: meanOf('mrr10'),
      },
      cases,
    });
  }
  return scored;
}

/** A collection scored on an index that holds its corpus. */
export interface CollectionReport {
  collection: string;
  split: string;
  queries: number;
  sha256: string;
  embedder: string;
  indexVersion: string;
  /** How the default hybrid fused: the fitted weight, or equal weights for an unfitted index. */
  fusion: { method: string; semanticWeight: number; fitted: boolean };
  variants: VariantScores[];
}

/**
 * Scores a BEIR collection on a service whose index holds its corpus, under each setting (the
 * standard ones by default). Refuses an index lacking judged documents: every score would be
 * silently understated.
 */
export async function evaluateCollection(
  collection: JudgedCollection,
  service: SearchService,
  variants: readonly Variant[] = STANDARD_VARIANTS,
): Promise<CollectionReport> {
  await assertJudgedPapersHeld(collection.judgments, collection.dir, service);
  return {
    collection: collection.name,
    split: collection.split,
    queries: collection.judgments.length,
    sha256: collection.sha256,
    embedder: service.identity.embedder,
    indexVersion: service.identity.indexVersion,
    fusion: {
      ...service.fusionFor(),
      fitted: service.manifest.calibration !== undefined,
    },
    variants: await scoreVariants(collection.judgments, serviceCaseRanker(service), variants),
  };
}

/** nDCG@10 of `a` minus `b`, case by case, with a paired bootstrap interval. */
export function ndcgDifference(
  a: VariantScores,
  b: VariantScores,
  settings = DEFAULT_BOOTSTRAP,
): PairedDifference {
  return pairedBootstrap(
    a.cases.map((c) => c.ndcg10),
    b.cases.map((c) => c.ndcg10),
    settings,
  );
}
