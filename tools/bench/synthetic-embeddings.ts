import { l2Normalize } from '../../src/embed/pooling.js';
import { fillNormal, hashString, mulberry32 } from '../../src/util/prng.js';

/**
 * Shape of the synthetic "sentence embedding" data. Real embeddings have a low intrinsic
 * dimension and topical clusters; isotropic noise in every dimension would make any ANN
 * index look far worse than on a real corpus, so the noise here is small.
 */
export interface ClusteredParams {
  dims: number;
  /** Dimension of the random linear subspace the topics live in. */
  subspaceDims: number;
  clusters: number;
  /** Within-topic standard deviation, relative to the spread of the topic centres (1). */
  clusterSpread: number;
  /** Norm of the full-rank isotropic noise relative to the expected in-subspace norm. */
  noise: number;
  seed: number;
}

export const EMBEDDING_LIKE: Omit<ClusteredParams, 'seed'> = {
  dims: 384,
  subspaceDims: 32,
  clusters: 1000,
  clusterSpread: 0.5,
  noise: 0.1,
};

export type PointStream = 'base' | 'queries';

/**
 * Unit vectors drawn from Gaussian topics in a random subspace plus small full-rank noise.
 * The subspace and topic centres depend only on the seed; base points and queries come from
 * separate streams, so a smaller base set is a prefix of a larger one and every size shares
 * the same queries.
 */
export class ClusteredEmbeddings {
  private readonly basis: Float32Array[];
  private readonly centres: Float32Array[];
  private readonly noiseStd: number;

  constructor(readonly params: ClusteredParams) {
    const { dims, subspaceDims, clusters, clusterSpread, noise, seed } = params;
    if (subspaceDims < 1 || subspaceDims > dims) {
      throw new RangeError(`subspaceDims must be in 1..${dims}, got ${subspaceDims}`);
    }
    const random = mulberry32(hashString('structure', seed));
    this.basis = orthonormalRows(subspaceDims, dims, random);
    this.centres = Array.from({ length: clusters }, () =>
      fillNormal(new Float32Array(subspaceDims), 1, random),
    );
    const signalNorm = Math.sqrt(subspaceDims * (1 + clusterSpread ** 2));
    this.noiseStd = (noise * signalNorm) / Math.sqrt(dims);
  }

  /** `count` points of one stream as a row-major count x dims matrix. */
  points(stream: PointStream, count: number): Float32Array {
    const { dims, subspaceDims, clusters, clusterSpread } = this.params;
    const random = mulberry32(hashString(stream, this.params.seed));
    const out = new Float32Array(count * dims);
    const coords = new Float32Array(subspaceDims);
    const noise = new Float32Array(dims);
    for (let i = 0; i < count; i++) {
      const row = out.subarray(i * dims, (i + 1) * dims);
      const centre = this.centres[Math.floor(random() * clusters)];
      fillNormal(coords, clusterSpread, random);
      for (let k = 0; k < subspaceDims; k++) {
        const weight = centre[k] + coords[k];
        const axis = this.basis[k];
        for (let d = 0; d < dims; d++) row[d] += weight * axis[d];
      }
      fillNormal(noise, this.noiseStd, random);
      for (let d = 0; d < dims; d++) row[d] += noise[d];
      l2Normalize(row);
    }
    return out;
  }
}

/** `rows` orthonormal vectors of length `dims` by Gram-Schmidt on Gaussian draws. */
export function orthonormalRows(rows: number, dims: number, random: () => number): Float32Array[] {
  const basis: Float32Array[] = [];
  while (basis.length < rows) {
    const v = Float64Array.from(fillNormal(new Float32Array(dims), 1, random));
    for (const b of basis) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += v[d] * b[d];
      for (let d = 0; d < dims; d++) v[d] -= dot * b[d];
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-6) basis.push(Float32Array.from(v, (x) => x / norm));
  }
  return basis;
}
