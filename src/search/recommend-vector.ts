import { l2Normalize } from '../embed/pooling.js';

/**
 * Query vector for a recommendation, Qdrant's `average_vector` strategy:
 * avg(positive) + (avg(positive) - avg(negative)), L2-normalised. With no negatives it is
 * the normalised mean of the positives. (Positives that cancel out give a zero vector,
 * which scores everything 0 rather than failing.)
 */
export function recommendationVector(
  positive: Float32Array[],
  negative: Float32Array[],
): Float32Array {
  if (positive.length === 0) throw new RangeError('a recommendation needs at least one positive');
  const pos = mean(positive);
  if (negative.length === 0) return l2Normalize(pos);
  const neg = mean(negative);
  return l2Normalize(pos.map((p, i) => 2 * p - neg[i]));
}

function mean(vectors: Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] += v[i];
  for (let i = 0; i < out.length; i++) out[i] /= vectors.length;
  return out;
}
