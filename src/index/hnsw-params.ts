/** HNSW construction and search parameters, validated in one place. */
export interface HnswParams {
  /** Graph degree: links per node on upper layers (2*M on layer 0). */
  m: number;
  efConstruction: number;
  /** Default search breadth; raised to k when k is larger. */
  efSearch: number;
  seed: number;
}

// Defaults from the 1M-vector benchmark on embedding-like data (bench/vector-search).
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 };

/** Below this many vectors an exhaustive scan is as fast as HNSW and exact. */
export const DEFAULT_EXACT_BELOW = 5000;

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
