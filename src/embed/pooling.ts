/** Pooling strategies that turn token states into one sentence vector. */
export type PoolingMode = 'mean' | 'cls';

/**
 * Pools a [batch, seq, hidden] tensor (row-major) into `batch` L2-normalised vectors.
 * Mean pooling averages only the tokens the attention mask keeps, so padding never counts.
 */
export function poolBatch(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  dims: number,
  mode: PoolingMode,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector =
      mode === 'cls' ? clsToken(hidden, b, seq, dims) : maskedMean(hidden, mask, b, seq, dims);
    out.push(l2Normalize(vector));
  }
  return out;
}

function clsToken(hidden: Float32Array, b: number, seq: number, dims: number): Float32Array {
  const start = b * seq * dims;
  return hidden.slice(start, start + dims);
}

function maskedMean(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  b: number,
  seq: number,
  dims: number,
): Float32Array {
  const sum = new Float32Array(dims);
  let kept = 0;
  for (let t = 0; t < seq; t++) {
    if (Number(mask[b * seq + t]) === 0) continue;
    kept++;
    const base = (b * seq + t) * dims;
    for (let d = 0; d < dims; d++) sum[d] += hidden[base + d];
  }
  const scale = 1 / Math.max(kept, 1e-9);
  for (let d = 0; d < dims; d++) sum[d] *= scale;
  return sum;
}

/** Scales in place to unit length; a zero vector stays zero. */
export function l2Normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}
