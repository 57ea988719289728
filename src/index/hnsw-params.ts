/**
 * HNSW construction and search parameters, validated in one place: what every engine that
 * builds an HNSW graph takes (hnswlib, pgvector). An engine's own knobs live in its settings.
 */
export interface HnswParams {
  /** Graph degree: links per node on upper layers (2*M on layer 0). */
  m: number;
  efConstruction: number;
  /** Default search breadth; raised to k when k is larger. */
  efSearch: number;
}

/**
 * Chosen with `npm run bench -- vector-search` (bench/results/vector-search.md) on
 * embedding-like vectors: efSearch 64 is well past the smallest ef reaching recall@10 0.99 at
 * 1M, a margin for corpora less regular than the generator, and a denser graph (M=32) buys
 * less recall than a larger ef for much more build time, so efSearch is the knob to turn.
 */
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 200, efSearch: 64 };

/**
 * Below this many vectors the index is an exact scan: exact answers at a cost small next to
 * embedding the query, where beyond it the graph pulls ahead fast. The exact-scan table in
 * bench/results/vector-search.md measures both sides of the line.
 */
export const DEFAULT_EXACT_BELOW = 1000;

/** The corpus size at which a graph searches with efSearch itself. */
const BREADTH_REFERENCE_PAPERS = 10_000;
/** How much wider a free-text query searches than a paper's vector. */
export const FREE_TEXT_BREADTH = 2;

/**
 * The ef a graph of `papers` vectors searches with for k results: efSearch at 10k papers,
 * doubled for every tenfold growth past that (a graph's recall at one ef falls as it grows:
 * bench/results/scale.md's recall table), twice that again for free text, and never below k.
 */
export function searchBreadth(
  efSearch: number,
  papers: number,
  k: number,
  freeText: boolean,
): number {
  const growth = 2 ** Math.log10(Math.max(1, papers / BREADTH_REFERENCE_PAPERS));
  const ef = Math.round(efSearch * growth * (freeText ? FREE_TEXT_BREADTH : 1));
  return Math.max(k, Math.min(ef, MAX_EF));
}

/** hnswlib takes any ef; past this a search costs more than an exact scan of a large graph. */
const MAX_EF = 4096;

export function validateHnswParams(params: Partial<HnswParams>): HnswParams {
  const merged = { ...DEFAULT_HNSW_PARAMS, ...params };
  checkInt('m', merged.m, 2, 128);
  checkInt('efConstruction', merged.efConstruction, 8, 4096);
  checkInt('efSearch', merged.efSearch, 1, 4096);
  return merged;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `HNSW parameter ${name} must be an integer in ${min}..${max}, got ${value}`,
    );
  }
}
