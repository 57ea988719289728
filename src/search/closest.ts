import type { VectorIndex } from '../index/vector-index.js';
import { dot } from '../embed/dot.js';
import type { ProfilePaper } from './library.js';

/** The library papers a recommendation is closest to, reported with each result. */
export const CLOSEST_SHOWN = 3;

/** A library paper near a result: its id (null for one embedded on the fly), title, cosine. */
export interface Closest {
  id: string | null;
  title: string;
  score: number;
}

/**
 * Each ranked hit with the CLOSEST_SHOWN library papers most similar to it by cosine, best
 * first (none where the index has no vector for the hit).
 */
export async function closestOf<H>(
  ranked: ReadonlyArray<{ label: number; hit: H }>,
  library: readonly ProfilePaper[],
  vectors: Pick<VectorIndex, 'vectorsOf'>,
): Promise<Array<H & { closest: Closest[] }>> {
  const hitVectors = await vectors.vectorsOf(ranked.map((r) => r.label));
  return ranked.map(({ hit }, i) => {
    const vector = hitVectors[i];
    const closest = vector
      ? library
          .map((p) => ({ id: p.paper?.id ?? null, title: p.title, score: dot(p.vector, vector) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, CLOSEST_SHOWN)
      : [];
    return { ...hit, closest };
  });
}
