/**
 * Walker's alias method (Vose's construction): draws from a fixed discrete distribution in
 * constant time with one uniform number. Used for the bounded parts of the vocabulary.
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('alias table needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    const scaled = Float64Array.from({ length: n }, (_, i) => (weights[i] * n) / total);
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const less = small.pop() as number;
      const more = large.pop() as number;
      this.probability[less] = scaled[less];
      this.alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1;
      (scaled[more] < 1 ? small : large).push(more);
    }
    for (const i of [...small, ...large]) this.probability[i] = 1;
  }

  /** An index in 0..n-1. */
  sample(random: () => number): number {
    const x = random() * this.probability.length;
    const i = Math.floor(x);
    return x - i < this.probability[i] ? i : this.alias[i];
  }
}

/** Zipf weights 1/r^s for ranks 1..n. */
export function zipfWeights(n: number, exponent: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.pow(i + 1, -exponent));
}
