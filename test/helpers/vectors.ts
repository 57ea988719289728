import { l2Normalize } from '../../src/embed/pooling.js';
import { mulberry32 } from '../../src/util/prng.js';

/** Deterministic unit vectors for index tests (the project's mulberry32 PRNG). */
export function randomUnitVectors(count: number, dims: number, seed = 1): Float32Array[] {
  const random = mulberry32(seed);
  const next = () => random() - 0.5;
  return Array.from({ length: count }, () =>
    l2Normalize(Float32Array.from({ length: dims }, next)),
  );
}

export { dot } from '../../src/embed/dot.js';
