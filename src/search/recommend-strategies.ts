import { l2Normalize } from '../embed/pooling.js';
import type { Restriction } from '../index/filter.js';
import type { VectorIndex } from '../index/vector-index.js';
import { mulberry32 } from '../util/prng.js';
import { RRF_K, type Scored } from './fusion.js';
import { dot } from '../embed/dot.js';
import { trainLinearSvm } from './linear-svm.js';
import { recommendationVector } from './recommend-vector.js';

/**
 * How a library (positive papers, and negative ones) becomes the dense half of a ranking:
 *
 * - `average`: one search for the mean of the positives pushed away from the negatives
 *   (Qdrant's average_vector). Cheap, but a library spanning two topics averages to neither.
 * - `nearest`: each positive's own neighbours, merged by the best cosine similarity to any
 *   positive (Qdrant's best_score): exact for the top results, and a paper close to one
 *   library paper counts even when far from the rest.
 * - `rrf`: each positive's neighbours, merged by summed reciprocal rank (k = 60), as a share of
 *   the most a paper could get (first for every positive): papers near many library papers win.
 * - `svm`: a linear SVM fitted per request on the library against a fixed random sample of the
 *   index (arxiv-sanity-lite's per-tag SVM); the index is searched along its weight vector.
 *
 * Every strategy scores on a 0 to 1 scale (a cosine, or a share), so hybrid fuses it with the
 * lexical ranking as it fuses any dense ranking. `npm run bench -- recommend-strategies`
 * compares them; DEFAULT_STRATEGY says which won.
 */
export const RECOMMEND_STRATEGIES = ['average', 'nearest', 'rrf', 'svm'] as const;
export type RecommendStrategy = (typeof RECOMMEND_STRATEGIES)[number];

/**
 * Chosen by bench/results/recommend-strategies.md (see docs/ranking.md): the average ranks best
 * over all library cases; `nearest` only on libraries of two topics.
 */
export const DEFAULT_STRATEGY: RecommendStrategy = 'average';

/** Papers sampled from the index as the linear model's negatives. */
export const SVM_NEGATIVE_SAMPLE = 1000;

export interface Profile {
  positive: readonly Float32Array[];
  negative: readonly Float32Array[];
}

/** What a strategy searches: the vectors, and the labels a negative sample is drawn from. */
export interface StrategyIndex {
  vectors: VectorIndex;
  /** Labels lie in [0, labelCount); unknown ones are skipped. */
  labelCount: number;
}

type DenseRanker = (
  profile: Profile,
  depth: number,
  restriction: Restriction,
  index: StrategyIndex,
) => Promise<Scored[]>;

const RANKERS: Record<RecommendStrategy, DenseRanker> = {
  average: async (profile, depth, restriction, { vectors }) =>
    vectors.search(
      recommendationVector([...profile.positive], [...profile.negative]),
      depth,
      restriction,
    ),
  nearest: async (profile, depth, restriction, index) => {
    const lists = await neighbourLists(profile, depth, restriction, index.vectors);
    const best = new Map<number, number>();
    for (const list of lists)
      for (const { label, score } of list) best.set(label, Math.max(best.get(label) ?? -1, score));
    return penalised(best, profile, index.vectors, depth);
  },
  rrf: async (profile, depth, restriction, index) => {
    const lists = await neighbourLists(profile, depth, restriction, index.vectors);
    const ceiling = lists.length / (RRF_K + 1);
    const summed = new Map<number, number>();
    for (const list of lists)
      list.forEach(({ label }, rank) =>
        summed.set(label, (summed.get(label) ?? 0) + 1 / (RRF_K + rank + 1) / ceiling),
      );
    return penalised(summed, profile, index.vectors, depth);
  },
  svm: async (profile, depth, restriction, index) => {
    const sample = await negativeSample(index, restriction);
    const model = trainLinearSvm(profile.positive, [...profile.negative, ...sample]);
    return index.vectors.search(l2Normalize(Float32Array.from(model.weights)), depth, restriction);
  },
};

/** The dense ranking of the profile by `strategy`, best first, at most `depth` deep. */
export function rankByStrategy(
  strategy: RecommendStrategy,
  profile: Profile,
  depth: number,
  restriction: Restriction,
  index: StrategyIndex,
): Promise<Scored[]> {
  if (profile.positive.length === 0) {
    throw new RangeError('a recommendation needs at least one positive');
  }
  return RANKERS[strategy](profile, depth, restriction, index);
}

function neighbourLists(
  profile: Profile,
  depth: number,
  restriction: Restriction,
  vectors: VectorIndex,
): Promise<Scored[][]> {
  return Promise.all(profile.positive.map((vector) => vectors.search(vector, depth, restriction)));
}

/**
 * The `depth` best of the merged scores. With negatives, a paper closer to a negative than to
 * every positive goes below all others, scored minus that similarity (Qdrant's best_score).
 */
async function penalised(
  scores: Map<number, number>,
  profile: Profile,
  vectors: VectorIndex,
  depth: number,
): Promise<Scored[]> {
  let ranked = [...scores].map(([label, score]) => ({ label, score }));
  if (profile.negative.length > 0) {
    const candidates = await vectors.vectorsOf(ranked.map((r) => r.label));
    ranked = ranked.map(({ label, score }, i) => {
      const vector = candidates[i];
      if (!vector) return { label, score };
      const toNegative = Math.max(...profile.negative.map((n) => dot(n, vector)));
      const toPositive = Math.max(...profile.positive.map((p) => dot(p, vector)));
      return toNegative > toPositive ? { label, score: -toNegative } : { label, score };
    });
  }
  return ranked.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, depth);
}

/**
 * A fixed random sample of the index's papers (the same for every request, so a library always
 * gets the same model), leaving out the library's own and any excluded paper.
 */
async function negativeSample(
  { vectors, labelCount }: StrategyIndex,
  restriction: Restriction,
): Promise<Float32Array[]> {
  const random = mulberry32(SVM_NEGATIVE_SAMPLE);
  const wanted = Math.min(SVM_NEGATIVE_SAMPLE, labelCount);
  const labels = new Set<number>();
  // Draw without replacement; a few extra draws make up for deleted or excluded labels.
  for (let draws = 0; labels.size < wanted && draws < wanted * 4; draws++) {
    const label = Math.floor(random() * labelCount);
    if (!restriction.exclude?.has(label)) labels.add(label);
  }
  const found = await vectors.vectorsOf([...labels]);
  return found.filter((vector): vector is Float32Array => vector !== null);
}
