import { describe, expect, it } from 'vitest';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import { ExactIndex } from '../../src/index/exact-index.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import type { VectorGraph } from '../../src/index/vector-graph.js';
import type { LabelSelection } from '../../src/search/filters.js';
import { nearest } from '../../src/search/nearest.js';
import { dot, randomUnitVectors } from '../helpers/vectors.js';

const DIMS = 16;
const vectors = randomUnitVectors(2000, DIMS, 7);
const [query] = randomUnitVectors(1, DIMS, 99);

function fill(index: VectorGraph): VectorGraph {
  vectors.forEach((v, label) => index.add(label, v));
  return index;
}

const indexes = {
  exact: fill(new ExactIndex(DIMS, vectors.length)),
  hnsw: fill(HnswIndex.create(DIMS, vectors.length, DEFAULT_HNSW_PARAMS)),
};

/** Labels divisible by `step`: a filter whose selectivity the test controls. */
function everyNth(step: number): LabelSelection {
  const accepts = (label: number) => label % step === 0;
  const labels = vectors.map((_, l) => l).filter(accepts);
  return { accepts, estimate: labels.length, candidates: () => labels };
}

function bruteForce(k: number, accepts: (l: number) => boolean, exclude = new Set<number>()) {
  return vectors
    .map((v, label) => ({ label, score: dot(v, query) }))
    .filter((n) => accepts(n.label) && !exclude.has(n.label))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((n) => n.label);
}

describe.each(Object.entries(indexes))('nearest over %s', (_name, index) => {
  it('excludes the given labels and still returns k', () => {
    const exclude = new Set(bruteForce(3, () => true));
    const found = nearest(index, { vector: query, k: 10, selection: null, exclude }, 0);
    expect(found).toHaveLength(10);
    expect(found.some((n) => exclude.has(n.label))).toBe(false);
  });

  it.each([
    ['scans a selective filter exactly', 400, 5000],
    ['runs a broad filter inside the graph search', 3, 0],
  ])('%s: k matching results, best first', (_label, step, scanBelow) => {
    const selection = everyNth(step);
    const found = nearest(
      index,
      { vector: query, k: 10, selection, exclude: new Set() },
      scanBelow,
    );
    expect(found.map((n) => n.label)).toEqual(bruteForce(10, selection.accepts));
    const scores = found.map((n) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns every match when fewer than k pass, even through the graph', () => {
    const selection = everyNth(500); // 4 labels
    const found = nearest(index, { vector: query, k: 10, selection, exclude: new Set([0]) }, 0);
    expect(found.map((n) => n.label).sort((a, b) => a - b)).toEqual([500, 1000, 1500]);
  });
});
