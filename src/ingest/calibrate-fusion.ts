import type { Embedder } from '../embed/embedder.js';
import { NoKnownTermsError } from '../embed/lexical-embedder.js';
import type { RecordWriter } from '../index/record-store.js';
import type { Scored } from '../index/scored.js';
import type { VectorWriter } from '../index/vector-index.js';
import { TopK } from '../index/top-k.js';
import { mulberry32 } from '../util/prng.js';
import { FUSION_DEPTH } from '../search/fusion.js';
import { fitFusionWeight, scoreWeight, withAnswer, type FitCase } from '../search/fusion-fit.js';
import { textQuery } from '../search/lexical-query.js';
import { pseudoQueriesOf, type PseudoQuery } from '../search/pseudo-queries.js';
import { PoolText } from '../search/pool-text.js';
import type { FusionCalibration } from '../index/manifest.js';

/** How much calibration may cost: it must stay small beside the ingest it follows. */
export interface CalibrationBudget {
  /** Papers that make pseudo-queries (up to two each). */
  papers: number;
  /** Papers ranked against: the whole corpus up to this size, a seeded sample above it. */
  pool: number;
  seed: number;
}

export const DEFAULT_CALIBRATION: CalibrationBudget = { papers: 200, pool: 20_000, seed: 1 };

interface PoolPaper {
  label: number;
  title: string;
  abstract: string;
}

/**
 * Fits hybrid's fusion weight to this corpus from pseudo-queries made of its own papers
 * (pseudo-queries.ts): each is ranked by both halves over a pool of the corpus, exactly (cosine
 * over the stored vectors, BM25 over the pool's own statistics), its answer standing in as its
 * held-out text; the weight whose fused ranking places the answers best is chosen
 * (fusion-fit.ts). Reads a build before it is published, so a version is served with its fit.
 */
export async function calibrateFusion(
  records: RecordWriter,
  vectors: VectorWriter,
  embedder: Embedder,
  budget: CalibrationBudget = DEFAULT_CALIBRATION,
): Promise<FusionCalibration> {
  const startedAt = performance.now();
  const random = mulberry32(budget.seed);
  const pool = await poolOf(records, budget.pool, random);
  const queries = pool.slice(0, budget.papers).flatMap((paper) => pseudoQueriesOf(paper, random));
  const dense = await denseCases(pool, queries, vectors, embedder);
  const lexical = lexicalCases(pool, queries);
  const cases: Array<FitCase & { kind: PseudoQuery['kind'] }> = queries.map((q, i) => ({
    kind: q.kind,
    target: q.target,
    dense: dense[i],
    lexical: lexical[i],
  }));
  const fit = fitFusionWeight(cases);
  const byKind = (kind: PseudoQuery['kind']) => cases.filter((c) => c.kind === kind);
  return {
    method: 'absolute',
    semanticWeight: fit.semanticWeight,
    standardError: round(fit.standardError),
    pseudoQueries: {
      title: byKind('title').length,
      sentence: byKind('sentence').length,
    },
    pool: pool.length,
    seed: budget.seed,
    grid: fit.grid.map((g) => ({
      semanticWeight: g.semanticWeight,
      ndcg10: round(g.ndcg10),
      title: round(scoreWeight(byKind('title'), g.semanticWeight)),
      sentence: round(scoreWeight(byKind('sentence'), g.semanticWeight)),
    })),
    seconds: round((performance.now() - startedAt) / 1000),
  };
}

const round = (value: number) => Number(value.toFixed(4));

/** The pool in a seeded random order: its first papers make the pseudo-queries. */
async function poolOf(
  records: RecordWriter,
  size: number,
  random: () => number,
): Promise<PoolPaper[]> {
  const labels: number[] = [];
  for await (const identity of records.identities()) labels.push(identity.label);
  // Fisher-Yates, then the first `size`: a uniform sample in a uniform order.
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const chosen = labels.slice(0, size);
  const papers: PoolPaper[] = [];
  for (let i = 0; i < chosen.length; i += 1000) {
    const page = await records.byLabels(chosen.slice(i, i + 1000));
    const byLabel = new Map(page.map((p) => [p.label, p]));
    for (const label of chosen.slice(i, i + 1000)) {
      const paper = byLabel.get(label);
      if (paper) papers.push({ label, title: paper.title, abstract: paper.abstract });
    }
  }
  return papers;
}

/** Each query's cosine ranking over the pool, its answer scored by its held-out text. */
async function denseCases(
  pool: readonly PoolPaper[],
  queries: readonly PseudoQuery[],
  vectors: VectorWriter,
  embedder: Embedder,
): Promise<Scored[][]> {
  const dims = vectors.dims;
  const matrix = new Float32Array(pool.length * dims);
  for (let i = 0; i < pool.length; i += 1000) {
    const page = await vectors.vectorsOf(pool.slice(i, i + 1000).map((p) => p.label));
    page.forEach((vector, j) => vector && matrix.set(vector, (i + j) * dims));
  }
  const queryVectors = await embedQueries(
    embedder,
    queries.map((q) => q.text),
  );
  const answers = await embedder.embedDocuments(queries.map((q) => q.heldOut));
  return queries.map((query, q) => {
    const vector = queryVectors[q];
    // A query the embedder cannot place (the lexical one knows none of its terms) has no
    // dense ranking, as the service treats it.
    if (!vector) return [];
    const best = new TopK(FUSION_DEPTH + 1);
    pool.forEach((paper, p) => best.offer(paper.label, dot(matrix, p * dims, vector)));
    const answer = { label: query.target, score: dot(answers[q], 0, vector) };
    return withAnswer(best.sorted(), answer, FUSION_DEPTH);
  });
}

/** Query vectors, batched where the embedder batches; null for a query it cannot place. */
async function embedQueries(
  embedder: Embedder,
  texts: readonly string[],
): Promise<Array<Float32Array | null>> {
  if (embedder.embedQueries) {
    try {
      return await embedder.embedQueries([...texts]);
    } catch (error) {
      if (!(error instanceof NoKnownTermsError)) throw error;
    }
  }
  const vectors: Array<Float32Array | null> = [];
  for (const text of texts) {
    try {
      vectors.push(await embedder.embedQuery(text));
    } catch (error) {
      if (!(error instanceof NoKnownTermsError)) throw error;
      vectors.push(null);
    }
  }
  return vectors;
}

function dot(matrix: Float32Array, offset: number, vector: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < vector.length; d++) sum += matrix[offset + d] * vector[d];
  return sum;
}

/**
 * Each query's BM25 ranking over the pool, scored as shares of the query's ceiling (as the
 * service scores the lexical half), its answer scored by its held-out text. Held-out texts
 * are indexed beside the pool as documents of their own, each visible to its query alone.
 */
function lexicalCases(pool: readonly PoolPaper[], queries: readonly PseudoQuery[]): Scored[][] {
  const text = new PoolText();
  for (const paper of pool) text.add(paper.title, paper.abstract);
  const heldOut = queries.map((q) => text.add(q.heldOut.title, q.heldOut.abstract));
  const docOf = new Map(pool.map((paper, doc) => [paper.label, doc]));
  return queries.map((query, i) => {
    const { terms, searched } = textQuery(query.text);
    const stems = terms.slice(0, searched).map((t) => t.stem);
    const own = heldOut[i];
    const targetDoc = docOf.get(query.target);
    const found = text.search(
      stems,
      (doc) => doc === own || (doc < pool.length && doc !== targetDoc),
    );
    const answer = found.find((r) => r.label === own)?.score ?? 0;
    const ranking = found
      .filter((r) => r.label !== own)
      .sort((a, b) => b.score - a.score)
      .slice(0, FUSION_DEPTH)
      .map((r) => ({ label: pool[r.label].label, score: r.score }));
    return withAnswer(ranking, { label: query.target, score: answer }, FUSION_DEPTH);
  });
}
