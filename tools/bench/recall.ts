/**
 * Mean recall@k: the fraction of each query's true k nearest neighbours that the index
 * returned among its first k results. `truth` is row-major, `truthK` labels per query, best
 * first; only the first k of each row count.
 */
export function recallAtK(
  found: ArrayLike<number>[],
  truth: Int32Array,
  truthK: number,
  k: number,
): number {
  if (k > truthK) throw new RangeError(`recall@${k} needs at least ${k} true neighbours per query`);
  if (found.length * truthK !== truth.length) {
    throw new RangeError(`${found.length} result lists for ${truth.length / truthK} queries`);
  }
  let hits = 0;
  found.forEach((labels, q) => {
    const expected = new Set(truth.subarray(q * truthK, q * truthK + k));
    const limit = Math.min(k, labels.length);
    for (let i = 0; i < limit; i++) if (expected.has(labels[i])) hits++;
  });
  return found.length ? hits / (found.length * k) : NaN;
}

/**
 * Mean recall@k with a distance tolerance (ann-benchmarks' "epsilon" recall): a returned row
 * counts when its cosine distance to the query is within (1 + epsilon) of the true k-th
 * neighbour's. Where many papers sit almost equally far from a query, id recall misses rows
 * that are as good as the ones they displaced; this says how much of a miss is such ties.
 * Rows are unit vectors of `dims` floats in `base`; `found` holds row numbers (-1: unknown).
 */
export function epsilonRecallAtK(
  found: ArrayLike<number>[],
  truth: Int32Array,
  queries: Float32Array[],
  base: Float32Array,
  dims: number,
  k: number,
  epsilon: number,
): number {
  const similarity = (query: Float32Array, row: number) => {
    let sum = 0;
    for (let d = 0; d < dims; d++) sum += query[d] * base[row * dims + d];
    return sum;
  };
  let hits = 0;
  found.forEach((rows, q) => {
    const kth = truth[q * k + k - 1];
    const limit = 1 - (1 + epsilon) * (1 - similarity(queries[q], kth));
    const count = Math.min(k, rows.length);
    for (let i = 0; i < count; i++)
      if (rows[i] >= 0 && similarity(queries[q], rows[i]) >= limit) hits++;
  });
  return found.length ? hits / (found.length * k) : NaN;
}
