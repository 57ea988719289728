/** HNSW construction and search parameters, validated in one place. */
export interface HnswParams {
  /** Graph degree: links per node on upper layers (2*M on layer 0). */
  m: number;
  efConstruction: number;
  /** Default search breadth; raised to k when k is larger. */
  efSearch: number;
  seed: number;
}

/**
 * Chosen by `npm run bench -- vector-search` on embedding-like vectors (384 dims, 1000 topics,
 * TwoNN intrinsic dimension 24), 1000 queries. At 1M with M=16, efConstruction=200, recall@10
 * was 0.954 / 0.977 / 0.992 / 0.997 / 0.999 at ef 24 / 32 / 48 / 64 / 96: ef 24 reaches 0.95
 * and ef 48 reaches 0.99, so efSearch 64 (0.997, 0.53 ms median per query on one core) keeps a
 * margin for corpora less regular than the generator. At 100k, M=32 gained under 0.01 recall at
 * equal ef for 1.5x the build time; efSearch is the cheaper knob.
 */
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 };

/**
 * Below this many vectors the index is an exact scan. Measured against HNSW at the defaults:
 * 0.6-1.6 ms per query at 1000 vectors (HNSW 0.12-0.48 ms), 3-12 ms at 5000 (HNSW 0.2-0.6 ms
 * at recall 0.999). Up to 1000 the scan stays near a millisecond, small next to embedding the
 * query, and is exact; beyond it the graph is an order of magnitude faster.
 */
export const DEFAULT_EXACT_BELOW = 1000;

export function validateHnswParams(params: Partial<HnswParams>): HnswParams {
  const merged = { ...DEFAULT_HNSW_PARAMS, ...params };
  checkInt('m', merged.m, 2, 128);
  checkInt('efConstruction', merged.efConstruction, 8, 4096);
  checkInt('efSearch', merged.efSearch, 1, 4096);
  checkInt('seed', merged.seed, 0, 2 ** 31 - 1);
  return merged;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`HNSW parameter ${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}
