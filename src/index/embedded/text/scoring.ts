import { bm25Norm, bm25Saturation, fts5Idf } from '../../bm25.js';

/**
 * BM25 as FTS5 computes it (src/index/bm25.ts), over the analyser's stems: a term found in
 * the title counts TITLE_WEIGHT times, one in the abstract once, and a paper's length is its
 * analysed terms in both fields. Every search path scores through these functions, in the
 * query's term order, so exhaustive and pruned searches produce bit-identical scores.
 */
export const TITLE_WEIGHT = 2;
export const ABSTRACT_WEIGHT = 1;

/** The statistics BM25 weighs with; a segment may be scored with another index's. */
export interface CorpusStatistics {
  documents: number;
  averageLength: number;
  documentFrequency(stem: string): number;
}

/** A query term's factor: its weight times its idf. */
export function termFactor(weight: number, documents: number, frequency: number): number {
  return weight * fts5Idf(documents, frequency);
}

/** Each document's BM25 length norm, computed once per index so queries only look it up. */
export function lengthNorms(lengths: Int32Array, averageLength: number): Float64Array {
  const norms = new Float64Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) norms[i] = bm25Norm(lengths[i], averageLength);
  return norms;
}

/** One term's score in one document, before the term factor. */
export const saturation = bm25Saturation;
export { bm25Norm };
