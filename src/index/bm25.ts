/**
 * BM25 with the constants and idf of SQLite FTS5's bm25() (fts5_aux.c). The embedded text
 * engine and papers still pending in the overlay both score with these functions, so their
 * scores share one scale.
 */
export const BM25_K1 = 1.2;
const B = 0.75;

/** FTS5's idf: never zero or below, so a phrase in most rows still counts a little. */
export function fts5Idf(rows: number, rowsWithPhrase: number): number {
  const idf = Math.log((rows - rowsWithPhrase + 0.5) / (rowsWithPhrase + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** The length part of BM25's denominator for a row of `length` tokens. */
export function bm25Norm(length: number, averageLength: number): number {
  return BM25_K1 * (1 - B + (B * length) / averageLength);
}

/** How much `f` weighted hits count in a row with the given norm, before idf. */
export function bm25Saturation(f: number, norm: number): number {
  return (f * (BM25_K1 + 1)) / (f + norm);
}

/**
 * One row's score: for each phrase, its column-weighted hit count against the row's length
 * relative to the average row length.
 */
export function fts5Score(
  phrases: Array<{ idf: number; weightedHits: number }>,
  length: number,
  averageLength: number,
): number {
  const norm = bm25Norm(length, averageLength);
  let score = 0;
  for (const { idf, weightedHits: f } of phrases) score += idf * bm25Saturation(f, norm);
  return score;
}

/**
 * The most any document can score for a query of terms with these document frequencies: each
 * term's contribution tends to idf × (k1 + 1) as its frequency grows. A score over this ceiling
 * is the share of the query's weight a paper matches, comparable across queries.
 */
export function fts5Ceiling(rows: number, documentFrequencies: readonly number[]): number {
  return documentFrequencies.reduce((sum, df) => sum + fts5Idf(rows, df) * (BM25_K1 + 1), 0);
}
