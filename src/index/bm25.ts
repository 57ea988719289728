/**
 * BM25 exactly as SQLite FTS5's bm25() computes it (fts5_aux.c), so papers scored outside
 * one FTS5 table rank on the same scale as papers scored inside it.
 */
const K1 = 1.2;
const B = 0.75;

/** FTS5's idf: never zero or below, so a phrase in most rows still counts a little. */
export function fts5Idf(rows: number, rowsWithPhrase: number): number {
  const idf = Math.log((rows - rowsWithPhrase + 0.5) / (rowsWithPhrase + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** The length part of BM25's denominator for a row of `length` tokens. */
export function bm25Norm(length: number, averageLength: number): number {
  return K1 * (1 - B + (B * length) / averageLength);
}

/** How much `f` weighted hits count in a row with the given norm, before idf. */
export function bm25Saturation(f: number, norm: number): number {
  return (f * (K1 + 1)) / (f + norm);
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

/** The phrases (quoted strings) of an FTS5 query such as `"graph" OR "neural net"`. */
export function queryPhrases(query: string): string[] {
  return [...query.matchAll(/"(?:[^"]|"")*"/g)].map((m) => m[0]);
}
