import { describe, expect, it } from 'vitest';
import { FacetIndex } from '../../../src/index/embedded/facet-index.js';
import { GraphVectorIndex } from '../../../src/index/embedded/graph-vector-index.js';
import { HnswGraph } from '../../../src/index/embedded/hnsw-graph.js';
import { ExactGraph } from '../../../src/index/exact-graph.js';
import { DEFAULT_HNSW_PARAMS } from '../../../src/index/hnsw-params.js';
import type { VectorGraph } from '../../../src/index/vector-graph.js';
import { dot, randomUnitVectors } from '../../helpers/vectors.js';

const DIMS = 16;
const vectors = randomUnitVectors(2000, DIMS, 7);
const [query] = randomUnitVectors(1, DIMS, 99);
const STEPS = [3, 400, 500];

function fill(graph: VectorGraph): VectorGraph {
  vectors.forEach((v, label) => graph.add(label, v));
  return graph;
}

/** Each paper is in category `d<n>` for every step n dividing its label: filters of known size. */
const facets = FacetIndex.build(
  vectors.map((_, label) => ({
    label,
    published: null,
    categories: STEPS.filter((step) => label % step === 0).map((step) => `d${step}`),
    authors: [],
  })),
);

const graphs = {
  exact: fill(new ExactGraph(DIMS, vectors.length)),
  hnsw: fill(HnswGraph.create(DIMS, vectors.length, DEFAULT_HNSW_PARAMS)),
};

function bruteForce(k: number, accepts: (l: number) => boolean, exclude = new Set<number>()) {
  return vectors
    .map((v, label) => ({ label, score: dot(v, query) }))
    .filter((n) => accepts(n.label) && !exclude.has(n.label))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((n) => n.label);
}

describe.each(Object.entries(graphs))('GraphVectorIndex over %s', (_name, graph) => {
  it('excludes the given labels and still returns k', async () => {
    const index = new GraphVectorIndex(graph, facets, 0);
    const exclude = new Set(bruteForce(3, () => true));
    const found = await index.search(query, 10, { exclude });
    expect(found).toHaveLength(10);
    expect(found.some((n) => exclude.has(n.label))).toBe(false);
  });

  it.each([
    ['scans a selective filter exactly', 400, 5000],
    ['runs a broad filter inside the graph search', 3, 0],
  ])('%s: k matching results, best first', async (_label, step, scanBelow) => {
    const index = new GraphVectorIndex(graph, facets, scanBelow);
    const found = await index.search(query, 10, { filter: { categories: [`d${step}`] } });
    expect(found.map((n) => n.label)).toEqual(bruteForce(10, (l) => l % step === 0));
    const scores = found.map((n) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns every match when fewer than k pass, even through the graph', async () => {
    const index = new GraphVectorIndex(graph, facets, 0);
    const found = await index.search(query, 10, {
      filter: { categories: ['d500'] },
      exclude: new Set([0]),
    });
    expect(found.map((n) => n.label).sort((a, b) => a - b)).toEqual([500, 1000, 1500]);
  });

  it('hands out stored vectors by label, null for unknown ones', async () => {
    const index = new GraphVectorIndex(graph, facets, 0);
    const [known, unknown] = await index.vectorsOf([42, 99_999]);
    expect(Array.from(known as Float32Array)).toEqual(Array.from(vectors[42]));
    expect(unknown).toBeNull();
    expect(await index.size()).toBe(2000);
  });
});
