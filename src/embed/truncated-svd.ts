import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp 2011, "Finding structure
 * with randomness", algorithms 4.4 and 5.1), used to reduce TF-IDF rows to LSA coordinates.
 *
 * Only the right singular vectors are computed: they map a term-weight row to its coordinates, so
 * they are all an embedder needs. Memory stays O(cols · l) dense on top of the sparse matrix,
 * however many rows it has: the subspace is iterated as Z ← orth(AᵀA Z) on whichever side of A is
 * shorter (terms for a large corpus, papers for a small one), streaming one row of A Z at a time
 * instead of materialising the rows × l block that Halko re-orthonormalises. Applying AᵀA between
 * re-orthonormalisations squares the condition number of each step, so directions whose singular
 * values fall below ~2e-4 of the largest are indistinguishable from rounding noise and reported as
 * zero; LSA keeps components far above that (a TF-IDF spectrum decays slowly).
 *
 * Tall blocks are orthonormalised with SVQB (Stathopoulos & Wu 2002): eigen-decompose the small
 * l × l Gram matrix with ml-matrix and rotate the block, repeated until the Gram matrix is the
 * identity. It costs the same order as Householder QR but is a few tight loops over typed arrays
 * (ml-matrix's general-purpose QR was far too slow on blocks as tall as a large vocabulary), and
 * it drops numerically dependent directions instead of failing on rank-deficient input.
 */

/** Compressed sparse rows: row i holds data[p] at column indices[p] for p in its indptr span. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Uint32Array;
  indices: Uint32Array;
  data: Float32Array;
}

export interface TruncatedSvdOptions {
  /** Number of singular triplets wanted. */
  rank: number;
  /** Extra random directions carried along so the top `rank` converge; Halko's p. */
  oversampling?: number;
  /**
   * Extra AᵀA passes (Halko's q); each sharpens the spectrum's decay. The default 2 already
   * leaves the top singular values exact to ~1e-10 on decaying spectra, and more passes did not
   * change LSA retrieval quality on the sample corpus.
   */
  powerIterations?: number;
  seed?: number;
}

export interface TruncatedSvd {
  rank: number;
  /** Descending; zero for directions beyond the matrix's numerical rank. */
  singularValues: Float64Array;
  /** cols × rank, row-major: row j is column j's coordinates; columns orthonormal (or zero). */
  rightVectors: Float64Array;
}

/** Row-major dense matrix; mostly tall, thin blocks. */
interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

const DEFAULT_OVERSAMPLING = 10;
const DEFAULT_POWER_ITERATIONS = 2;
/** Gram eigenvalues below this fraction of the largest are rounding noise. */
const RANK_TOLERANCE = 1e-15;
const ORTHONORMALITY_TOLERANCE = 1e-10;
const MAX_ORTHONORMALISATION_PASSES = 3;
/** Rows of A·Z computed together so the Gram update can be blocked. */
const ROW_CHUNK = 64;

export function truncatedSvd(a: CsrMatrix, options: TruncatedSvdOptions): TruncatedSvd {
  const { rank } = options;
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`rank must be ≥ 1, got ${rank}`);
  if (a.rows === 0 || a.cols === 0) throw new RangeError('cannot decompose an empty matrix');
  const width = Math.min(rank + (options.oversampling ?? DEFAULT_OVERSAMPLING), a.rows, a.cols);
  const passes = (options.powerIterations ?? DEFAULT_POWER_ITERATIONS) + 1;
  const seed = options.seed ?? 0;
  // Iterate on the shorter side, whose dense blocks are smaller: for a corpus with fewer papers
  // than terms, that is the paper side.
  if (a.rows >= a.cols) {
    const basis = orthonormalize(rangeFinder(a, width, passes, seed));
    return rayleighRitz(basis, projectedGram(a, basis), rank, false);
  }
  const transposed = transpose(a);
  const leftBasis = orthonormalize(rangeFinder(transposed, width, passes, seed));
  const product = multiplySparseDense(transposed, leftBasis);
  return rayleighRitz(product, gramOf(product), rank, true);
}

/**
 * Basis of the dominant right singular subspace of A: Z ← orth(AᵀA Z) from a Gaussian start.
 * One SVQB step per pass suffices between passes; the caller orthonormalises the result fully.
 */
function rangeFinder(a: CsrMatrix, width: number, passes: number, seed: number): Dense {
  let basis = gaussianBlock(a.cols, width, seed);
  for (let pass = 0; pass < passes; pass++) {
    const product = multiplyNormal(a, basis);
    basis = multiplyRight(product, svqbTransform(gramOf(product), product.cols));
  }
  return basis;
}

/**
 * Rayleigh–Ritz. Given an orthonormal basis Z of A's dominant right subspace, (A Z)ᵀ(A Z) = W Λ Wᵀ
 * yields the singular values √Λ and right singular vectors Z W. Given B = AᵀU for a basis U of
 * the left subspace instead, BᵀB = W Λ Wᵀ and the right singular vectors are B W Λ^-½
 * (`fromLeft`). Directions at rounding-noise level come out as zero.
 */
function rayleighRitz(
  block: Dense,
  gram: Float64Array,
  rank: number,
  fromLeft: boolean,
): TruncatedSvd {
  const { values, vectors } = symmetricEigen(gram, block.cols);
  const cutoff = Math.max(values[0], 0) * RANK_TOLERANCE;
  let kept = 0;
  while (kept < Math.min(rank, block.cols) && values[kept] > cutoff) kept++;
  const singularValues = new Float64Array(rank);
  for (let c = 0; c < kept; c++) singularValues[c] = Math.sqrt(values[c]);
  const rotation = resizeColumns(vectors, kept);
  if (fromLeft) {
    for (let k = 0; k < rotation.data.length; k++) rotation.data[k] /= singularValues[k % kept];
  }
  const rightVectors = resizeColumns(multiplyRight(block, rotation), rank);
  fixSigns(rightVectors);
  return { rank, singularValues, rightVectors: rightVectors.data };
}

/** Aᵀ(A Z), one row of A at a time: y = a_i Z, then Aᵀ's column i scatters y into the result. */
function multiplyNormal(a: CsrMatrix, z: Dense): Dense {
  const width = z.cols;
  const out = new Float64Array(a.cols * width);
  const y = new Float64Array(width);
  for (let i = 0; i < a.rows; i++) {
    rowTimesDense(a, i, z, y, 0);
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const value = a.data[p];
      const offset = a.indices[p] * width;
      for (let c = 0; c < width; c++) out[offset + c] += value * y[c];
    }
  }
  return { rows: a.cols, cols: width, data: out };
}

/** A Z as a dense block. */
function multiplySparseDense(a: CsrMatrix, z: Dense): Dense {
  const out = new Float64Array(a.rows * z.cols);
  for (let i = 0; i < a.rows; i++) rowTimesDense(a, i, z, out, i * z.cols);
  return { rows: a.rows, cols: z.cols, data: out };
}

/** Aᵀ in CSR form (a counting sort of the entries by column). */
function transpose(a: CsrMatrix): CsrMatrix {
  const nnz = a.indptr[a.rows];
  const indptr = new Uint32Array(a.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[a.indices[p] + 1]++;
  for (let j = 0; j < a.cols; j++) indptr[j + 1] += indptr[j];
  const next = indptr.slice(0, a.cols);
  const indices = new Uint32Array(nnz);
  const data = new Float32Array(nnz);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const q = next[a.indices[p]]++;
      indices[q] = i;
      data[q] = a.data[p];
    }
  }
  return { rows: a.cols, cols: a.rows, indptr, indices, data };
}

/** (A Z)ᵀ(A Z) without storing A Z: rows are produced and folded in a chunk at a time. */
function projectedGram(a: CsrMatrix, z: Dense): Float64Array {
  const width = z.cols;
  const gram = new Float64Array(width * width);
  const chunk = new Float64Array(ROW_CHUNK * width);
  for (let start = 0; start < a.rows; start += ROW_CHUNK) {
    const count = Math.min(ROW_CHUNK, a.rows - start);
    for (let r = 0; r < count; r++) rowTimesDense(a, start + r, z, chunk, r * width);
    accumulateGram(chunk, count, width, gram);
  }
  return mirrorUpper(gram, width);
}

/**
 * out[offset, offset + z.cols) = a_i · Z. Four entries per sweep cut the stores to `out`, the
 * bottleneck, to a quarter of one entry at a time.
 */
function rowTimesDense(a: CsrMatrix, i: number, z: Dense, out: Float64Array, offset: number): void {
  const { indices, data } = a;
  const width = z.cols;
  const zd = z.data;
  out.fill(0, offset, offset + width);
  const end = a.indptr[i + 1];
  let p = a.indptr[i];
  for (; p + 4 <= end; p += 4) {
    const v0 = data[p];
    const v1 = data[p + 1];
    const v2 = data[p + 2];
    const v3 = data[p + 3];
    const f0 = indices[p] * width;
    const f1 = indices[p + 1] * width;
    const f2 = indices[p + 2] * width;
    const f3 = indices[p + 3] * width;
    for (let c = 0; c < width; c++) {
      out[offset + c] += v0 * zd[f0 + c] + v1 * zd[f1 + c] + v2 * zd[f2 + c] + v3 * zd[f3 + c];
    }
  }
  for (; p < end; p++) {
    const value = data[p];
    const from = indices[p] * width;
    for (let c = 0; c < width; c++) out[offset + c] += value * zd[from + c];
  }
}

/**
 * Upper triangle of gram += Xᵀ X for the first `rows` rows of X. Four rows per sweep cut the
 * load/store traffic on `gram`, which dominates, to a quarter of one row at a time.
 */
function accumulateGram(x: Float64Array, rows: number, width: number, gram: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * width;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    for (let i = 0; i < width; i++) {
      const x0 = x[o0 + i];
      const x1 = x[o1 + i];
      const x2 = x[o2 + i];
      const x3 = x[o3 + i];
      const g = i * width;
      for (let j = i; j < width; j++) {
        gram[g + j] += x0 * x[o0 + j] + x1 * x[o1 + j] + x2 * x[o2 + j] + x3 * x[o3 + j];
      }
    }
  }
  for (; r < rows; r++) {
    const o = r * width;
    for (let i = 0; i < width; i++) {
      const xi = x[o + i];
      const g = i * width;
      for (let j = i; j < width; j++) gram[g + j] += xi * x[o + j];
    }
  }
}

function mirrorUpper(gram: Float64Array, width: number): Float64Array {
  for (let i = 0; i < width; i++) {
    for (let j = i + 1; j < width; j++) gram[j * width + i] = gram[i * width + j];
  }
  return gram;
}

function gramOf(z: Dense): Float64Array {
  const gram = new Float64Array(z.cols * z.cols);
  accumulateGram(z.data, z.rows, z.cols, gram);
  return mirrorUpper(gram, z.cols);
}

/** Orthonormal basis of Z's column space (dependent directions dropped), by repeated SVQB. */
function orthonormalize(z: Dense): Dense {
  for (let pass = 0; pass < MAX_ORTHONORMALISATION_PASSES; pass++) {
    const gram = gramOf(z);
    if (isNearIdentity(gram, z.cols)) break;
    z = multiplyRight(z, svqbTransform(gram, z.cols));
  }
  return z;
}

function isNearIdentity(gram: Float64Array, width: number): boolean {
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      const expected = i === j ? 1 : 0;
      if (Math.abs(gram[i * width + j] - expected) > ORTHONORMALITY_TOLERANCE) return false;
    }
  }
  return true;
}

/**
 * M with Z M orthonormal: with D = diag(G)^-½ and D G D = W Λ Wᵀ, M = D W Λ^-½ over the
 * eigenvalues above tolerance. The diagonal scaling keeps short columns from being lost.
 */
function svqbTransform(gram: Float64Array, width: number): Dense {
  const scale = new Float64Array(width);
  for (let i = 0; i < width; i++) {
    const norm = gram[i * width + i];
    scale[i] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
  const scaled = gram.map((value, k) => scale[Math.floor(k / width)] * value * scale[k % width]);
  const { values, vectors } = symmetricEigen(scaled, width);
  const cutoff = Math.max(values[0], 0) * RANK_TOLERANCE;
  let kept = 0;
  while (kept < width && values[kept] > cutoff) kept++;
  const transform = resizeColumns(vectors, kept);
  for (let i = 0; i < width; i++) {
    for (let c = 0; c < kept; c++) transform.data[i * kept + c] *= scale[i] / Math.sqrt(values[c]);
  }
  return transform;
}

/** Eigenpairs of a symmetric matrix: eigenvalues descending, eigenvectors as matching columns. */
function symmetricEigen(
  symmetric: Float64Array,
  width: number,
): { values: Float64Array; vectors: Dense } {
  const rows = Array.from({ length: width }, (_, i) =>
    Array.from(symmetric.subarray(i * width, (i + 1) * width)),
  );
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const eigenvalues = evd.realEigenvalues;
  const order = eigenvalues
    .map((_, i) => i)
    .sort((i, j) => eigenvalues[j] - eigenvalues[i] || i - j);
  const vectors = evd.eigenvectorMatrix.subMatrixColumn(order);
  return {
    values: Float64Array.from(order, (i) => eigenvalues[i]),
    vectors: { rows: width, cols: width, data: Float64Array.from(vectors.to1DArray()) },
  };
}

/**
 * Z M. Computed in place, row by row, when M does not widen Z: row r's result then never
 * overlaps a row not yet read. Four rows of M per sweep cut the stores to the result row.
 */
function multiplyRight(z: Dense, m: Dense): Dense {
  const inner = z.cols;
  const outer = m.cols;
  const target = outer <= inner ? z.data : new Float64Array(z.rows * outer);
  const row = new Float64Array(inner);
  const result = new Float64Array(outer);
  const md = m.data;
  for (let r = 0; r < z.rows; r++) {
    row.set(z.data.subarray(r * inner, (r + 1) * inner));
    result.fill(0);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const x0 = row[i];
      const x1 = row[i + 1];
      const x2 = row[i + 2];
      const x3 = row[i + 3];
      const o0 = i * outer;
      const o1 = o0 + outer;
      const o2 = o1 + outer;
      const o3 = o2 + outer;
      for (let c = 0; c < outer; c++) {
        result[c] += x0 * md[o0 + c] + x1 * md[o1 + c] + x2 * md[o2 + c] + x3 * md[o3 + c];
      }
    }
    for (; i < inner; i++) {
      const x = row[i];
      const o = i * outer;
      for (let c = 0; c < outer; c++) result[c] += x * md[o + c];
    }
    target.set(result, r * outer);
  }
  return { rows: z.rows, cols: outer, data: target.subarray(0, z.rows * outer) };
}

/** A copy with `cols` columns: the leading ones kept, missing ones zero. */
function resizeColumns(block: Dense, cols: number): Dense {
  const data = new Float64Array(block.rows * cols);
  const shared = Math.min(cols, block.cols);
  for (let r = 0; r < block.rows; r++) {
    data.set(block.data.subarray(r * block.cols, r * block.cols + shared), r * cols);
  }
  return { rows: block.rows, cols, data };
}

/** Singular vectors are defined up to sign; make each column's largest entry positive. */
function fixSigns(v: Dense): void {
  for (let c = 0; c < v.cols; c++) {
    let largest = 0;
    for (let r = 0; r < v.rows; r++) {
      const value = v.data[r * v.cols + c];
      if (Math.abs(value) > Math.abs(largest)) largest = value;
    }
    if (largest >= 0) continue;
    for (let r = 0; r < v.rows; r++) v.data[r * v.cols + c] = -v.data[r * v.cols + c];
  }
}

/** rows × cols standard normal entries from a seeded generator (mulberry32 + Box–Muller). */
function gaussianBlock(rows: number, cols: number, seed: number): Dense {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    data[i] = radius * Math.cos(angle);
    if (i + 1 < data.length) data[i + 1] = radius * Math.sin(angle);
  }
  return { rows, cols, data };
}
