import { l2Normalize } from '../../src/embed/pooling.js';

/** Deterministic unit vectors for index tests (mulberry32 PRNG). */
export function randomUnitVectors(count: number, dims: number, seed = 1): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () =>
    l2Normalize(Float32Array.from({ length: dims }, next)),
  );
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
