/**
 * How results are ranked: by embedding similarity (semantic), by BM25 over titles and
 * abstracts (lexical), or by fusing the two rankings (hybrid).
 */
export const RANK_MODES = ['semantic', 'lexical', 'hybrid'] as const;
export type RankMode = (typeof RANK_MODES)[number];

/** Hybrid ranked best on the sample judgments (docs/ranking.md). */
export const DEFAULT_MODE: RankMode = 'hybrid';
