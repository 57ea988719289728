import { bm25Idf, bm25Norm, bm25Saturation } from '../../bm25.js';

/**
 * The project's BM25 (src/index/bm25.ts) over the analyser's stems, as the segments store
 * them: weighted hit counts per term and each paper's length in analysed terms. Every search
 * path scores through these functions, in the query's term order, so exhaustive and pruned
 * searches produce bit-identical scores.
 */

/** The statistics BM25 weighs with; a segment may be scored with another index's. */
export interface CorpusStatistics {
  documents: number;
  averageLength: number;
  documentFrequency(stem: string): number;
}

/** A query term's factor: its weight times its idf. */
export function termFactor(weight: number, documents: number, frequency: number): number {
  return weight * bm25Idf(documents, frequency);
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
