import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { exactNeighbours } from './ground-truth.js';

/**
 * Intrinsic-dimension estimates for a set of unit vectors (row-major, `dims` per row). Both
 * work on a sample; the synthetic generator's report quotes them next to the real corpus's.
 */

/**
 * TwoNN maximum-likelihood estimate (Facco et al., 2017): for each point the ratio mu of the
 * distances to its second and first nearest neighbours follows a Pareto law with exponent d,
 * so d = (n - 1) / sum(log mu). The neighbours of a sample of points are searched in the whole
 * set: within a small sample they would be in other clusters and the estimate would measure
 * the clusters' layout rather than the local dimension.
 */
export async function twoNnDimension(
  points: Float32Array,
  dims: number,
  sampleSize = 2000,
): Promise<number> {
  const { rows, sample } = sampleRows(points, dims, sampleSize);
  const neighbours = await exactNeighbours(points, sample, dims, 3);
  const ratios: number[] = [];
  rows.forEach((self, i) => {
    const others = [...neighbours.subarray(i * 3, i * 3 + 3)].filter((row) => row !== self);
    const query = sample.subarray(i * dims, (i + 1) * dims);
    const [r1, r2] = others.slice(0, 2).map((row) => distance(points, dims, row, query));
    if (r1 > 0 && r2 > r1) ratios.push(r2 / r1);
  });
  return twoNnFromRatios(ratios);
}

/** The TwoNN maximum-likelihood estimate from the ratios r2 / r1. */
export function twoNnFromRatios(ratios: readonly number[]): number {
  const logSum = ratios.reduce((acc, mu) => acc + Math.log(mu), 0);
  return ratios.length > 1 ? (ratios.length - 1) / logSum : NaN;
}

/** Unit vectors: squared distance = 2 - 2 * dot. */
function distance(points: Float32Array, dims: number, row: number, query: Float32Array): number {
  let dot = 0;
  for (let d = 0; d < dims; d++) dot += points[row * dims + d] * query[d];
  return Math.sqrt(Math.max(0, 2 - 2 * dot));
}

/** Number of principal components that explain `fraction` of the variance of the sample. */
export function pcaDimension(
  points: Float32Array,
  dims: number,
  fraction = 0.9,
  sampleSize = 5000,
): number {
  const variances = principalVariances(points, dims, sampleSize);
  const total = variances.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < variances.length; i++) {
    acc += variances[i];
    if (acc >= fraction * total) return i + 1;
  }
  return variances.length;
}

/** Eigenvalues of the sample covariance, largest first. */
export function principalVariances(
  points: Float32Array,
  dims: number,
  sampleSize = 5000,
): number[] {
  const { sample } = sampleRows(points, dims, sampleSize);
  const n = sample.length / dims;
  const mean = new Float64Array(dims);
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d] += sample[i * dims + d] / n;
  const cov = Array.from({ length: dims }, () => new Float64Array(dims));
  const centred = new Float64Array(dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) centred[d] = sample[i * dims + d] - mean[d];
    for (let a = 0; a < dims; a++) {
      const x = centred[a];
      const row = cov[a];
      for (let b = a; b < dims; b++) row[b] += x * centred[b];
    }
  }
  const rows = cov.map((row, a) => Array.from(row, (v, b) => (b >= a ? v : cov[b][a]) / (n - 1)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return evd.realEigenvalues.map((v) => Math.max(0, v)).sort((a, b) => b - a);
}

/** Evenly spaced rows, so the sample is deterministic and spans the whole set. */
function sampleRows(
  points: Float32Array,
  dims: number,
  size: number,
): { rows: number[]; sample: Float32Array } {
  const n = points.length / dims;
  const rows = Array.from({ length: Math.min(n, size) }, (_, i) =>
    Math.floor((i * n) / Math.min(n, size)),
  );
  const sample = new Float32Array(rows.length * dims);
  rows.forEach((row, i) => sample.set(points.subarray(row * dims, (row + 1) * dims), i * dims));
  return { rows, sample };
}
