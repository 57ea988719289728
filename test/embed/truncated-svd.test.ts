import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { truncatedSvd, type CsrMatrix, type TruncatedSvd } from '../../src/embed/truncated-svd.js';

/** Deterministic uniform numbers in [0, 1) for building test matrices. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function toCsr(dense: Matrix): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < dense.rows; i++) {
    for (let j = 0; j < dense.columns; j++) {
      if (dense.get(i, j) === 0) continue;
      indices.push(j);
      data.push(dense.get(i, j));
    }
    indptr.push(indices.length);
  }
  return {
    rows: dense.rows,
    cols: dense.columns,
    indptr: Uint32Array.from(indptr),
    indices: Uint32Array.from(indices),
    data: Float32Array.from(data),
  };
}

/** The matrix the decomposition actually sees: entries rounded to single precision. */
function fromCsr(csr: CsrMatrix): Matrix {
  const dense = Matrix.zeros(csr.rows, csr.cols);
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      dense.set(i, csr.indices[p], csr.data[p]);
    }
  }
  return dense;
}

function orthonormalColumns(rows: number, cols: number, random: () => number): Matrix {
  const gaussianish = Matrix.rand(rows, cols, { random }).sub(0.5);
  return new QrDecomposition(gaussianish).orthogonalMatrix.subMatrix(0, rows - 1, 0, cols - 1);
}

/** U diag(values) Vᵀ with random orthonormal U and V. */
function withSpectrum(rows: number, cols: number, values: number[], seed: number): Matrix {
  const random = lcg(seed);
  const u = orthonormalColumns(rows, values.length, random);
  const v = orthonormalColumns(cols, values.length, random);
  return u.mmul(Matrix.diag(values)).mmul(v.transpose());
}

function rightVectors(svd: TruncatedSvd, cols: number): Matrix {
  return new Matrix(
    Array.from({ length: cols }, (_, j) => {
      return Array.from(svd.rightVectors.subarray(j * svd.rank, (j + 1) * svd.rank));
    }),
  );
}

/** Rows of ones: `groupRows[g]` rows cover columns [g · width, (g + 1) · width). */
function blockOnes(groupRows: number[], width: number): CsrMatrix {
  const rows = groupRows.reduce((sum, count) => sum + count, 0);
  const indptr = Uint32Array.from({ length: rows + 1 }, (_, i) => i * width);
  const indices = new Uint32Array(rows * width);
  let row = 0;
  groupRows.forEach((count, g) => {
    for (let r = 0; r < count; r++, row++) {
      for (let k = 0; k < width; k++) indices[row * width + k] = g * width + k;
    }
  });
  const data = new Float32Array(rows * width).fill(1);
  return { rows, cols: groupRows.length * width, indptr, indices, data };
}

function maxAbs(matrix: Matrix): number {
  return matrix.abs().max();
}

describe('truncatedSvd', () => {
  it('recovers a known low-rank matrix', () => {
    const spectrum = [9, 6, 4, 2.5, 1];
    const a = toCsr(withSpectrum(80, 50, spectrum, 1));
    const svd = truncatedSvd(a, { rank: 5, seed: 3 });
    Array.from(svd.singularValues).forEach((value, i) => expect(value).toBeCloseTo(spectrum[i], 5));
    const dense = fromCsr(a);
    const v = rightVectors(svd, a.cols);
    const reconstruction = dense.mmul(v).mmul(v.transpose());
    expect(maxAbs(dense.clone().sub(reconstruction))).toBeLessThan(1e-5);
  });

  it('reports directions beyond the rank as zero', () => {
    const a = toCsr(withSpectrum(40, 30, [5, 3, 1], 2));
    const svd = truncatedSvd(a, { rank: 6, seed: 1 });
    expect(svd.singularValues[2]).toBeCloseTo(1, 5);
    for (let c = 3; c < 6; c++) expect(svd.singularValues[c]).toBeLessThan(1e-5);
  });

  for (const [rows, cols] of [
    [30, 20],
    [20, 30],
  ]) {
    it(`matches the full dense SVD on a ${rows} × ${cols} matrix`, () => {
      const random = lcg(rows * cols);
      const decaying = Matrix.rand(rows, cols, { random }).sub(0.5);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) decaying.set(i, j, decaying.get(i, j) * 0.85 ** (i + j));
      }
      const a = toCsr(decaying);
      const exact = new SingularValueDecomposition(fromCsr(a), { autoTranspose: true });
      const svd = truncatedSvd(a, { rank: 8, seed: 5 });
      for (let c = 0; c < 8; c++) expect(svd.singularValues[c]).toBeCloseTo(exact.diagonal[c], 4);
      const v = rightVectors(svd, cols);
      expect(maxAbs(v.transpose().mmul(v).sub(Matrix.eye(8)))).toBeLessThan(1e-8);
      // Same vectors up to sign: |⟨v_c, exact v_c⟩| = 1.
      const overlap = v.transpose().mmul(exact.rightSingularVectors.subMatrix(0, cols - 1, 0, 7));
      for (let c = 0; c < 8; c++) expect(Math.abs(overlap.get(c, c))).toBeCloseTo(1, 4);
    });
  }

  it('is deterministic for a seed and makes each vector’s largest entry positive', () => {
    const a = toCsr(withSpectrum(50, 40, [4, 3, 2, 1], 9));
    const first = truncatedSvd(a, { rank: 4, seed: 11 });
    const again = truncatedSvd(a, { rank: 4, seed: 11 });
    expect(Array.from(again.rightVectors)).toEqual(Array.from(first.rightVectors));
    const v = rightVectors(first, a.cols);
    for (let c = 0; c < 4; c++) {
      const column = v.getColumn(c);
      const largest = column.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
    const otherSeed = truncatedSvd(a, { rank: 4, seed: 12 });
    Array.from(otherSeed.singularValues).forEach((value, i) =>
      expect(value).toBeCloseTo(first.singularValues[i], 6),
    );
  });

  it('decomposes a large sparse matrix with a known spectrum', () => {
    // Block diagonal: group g owns 20 columns, and its rows (≈ 100 · 1.15^g of them, 43 000 in
    // all) are ones on exactly those columns. Each block is rank one, so the singular values are
    // √(rows_g · 20) with the group's uniform column vector as right singular vector.
    const groups = 30;
    const width = 20;
    const groupRows = Array.from({ length: groups }, (_, g) => Math.round(100 * 1.15 ** g));
    const a = blockOnes(groupRows, width);
    const expected = groupRows.map((rows) => Math.sqrt(rows * width)).reverse();

    const top = truncatedSvd(a, { rank: 5, seed: 1 });
    top.singularValues.forEach((value, c) => expect(value / expected[c]).toBeCloseTo(1, 3));
    const v = rightVectors(top, a.cols);
    for (let c = 0; c < 5; c++) {
      const group = groups - 1 - c;
      const column = v.getColumn(c).slice(group * width, (group + 1) * width);
      expect(column.reduce((sum, x) => sum + x * x, 0)).toBeGreaterThan(0.99);
    }

    const full = truncatedSvd(a, { rank: groups, seed: 1 });
    full.singularValues.forEach((value, c) => expect(value).toBeCloseTo(expected[c], 6));
  });

  it('rejects an invalid rank or an empty matrix', () => {
    const a = toCsr(withSpectrum(5, 4, [1], 1));
    expect(() => truncatedSvd(a, { rank: 0 })).toThrow(RangeError);
    const empty = { rows: 0, cols: 3, indptr: new Uint32Array(1), indices: new Uint32Array(0) };
    expect(() => truncatedSvd({ ...empty, data: new Float32Array(0) }, { rank: 1 })).toThrow(
      RangeError,
    );
  });
});
