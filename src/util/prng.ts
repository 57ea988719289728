/**
 * Seeded pseudo-random numbers for weight generation. Every tensor draws from its own stream,
 * keyed by name, so the values do not depend on the order tensors are created in.
 */

/** mulberry32: tiny, fast, and good enough for initialising weights. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units; mixes a tensor name into the base seed. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Fills `out` with normal(0, std) values via Box-Muller, two values per pair of uniforms. */
export function fillNormal(out: Float32Array, std: number, random: () => number): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - random(); // in (0, 1], so log never sees 0
    const u2 = random();
    const radius = std * Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** A normal(0, std) tensor of `size` values whose contents depend only on (seed, name). */
export function normalTensor(seed: number, name: string, size: number, std: number): Float32Array {
  return fillNormal(new Float32Array(size), std, mulberry32(hashString(name, seed)));
}
