/**
 * How a cost grows with the corpus, on log-log axes: between two sizes a cost that grows as
 * size^s has slope s (1 linear, 0 flat, 0.5 square root) and factor (n2/n1)^s.
 */
export interface Growth {
  /** value[i+1] / value[i] for each step between consecutive sizes. */
  factors: Array<number | null>;
  /** log(value[i+1] / value[i]) / log(size[i+1] / size[i]) for each step. */
  slopes: Array<number | null>;
  /** Least-squares slope of log value on log size over every measured size (null below two). */
  fitSlope: number | null;
}

/** A value that is missing, zero or negative has no logarithm: its steps are null. */
export function growth(sizes: readonly number[], values: ReadonlyArray<number | null>): Growth {
  if (sizes.length !== values.length) {
    throw new RangeError(`${sizes.length} sizes but ${values.length} values`);
  }
  const usable = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;
  const factors: Array<number | null> = [];
  const slopes: Array<number | null> = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [a, b] = [values[i], values[i + 1]];
    const ok = usable(a) && usable(b);
    factors.push(ok ? b / a : null);
    slopes.push(ok ? Math.log(b / a) / Math.log(sizes[i + 1] / sizes[i]) : null);
  }
  const points = sizes.flatMap((size, i) => {
    const value = values[i];
    return usable(value) ? [{ x: Math.log(size), y: Math.log(value) }] : [];
  });
  return { factors, slopes, fitSlope: leastSquaresSlope(points) };
}

function leastSquaresSlope(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const { x, y } of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? null : covariance / variance;
}
