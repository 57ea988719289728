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
