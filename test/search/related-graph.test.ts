import { describe, expect, it } from 'vitest';
import { EDGES_PER_NODE, GRAPH_FANOUT } from '../../src/search/related-graph.js';
import { useLexicalIndex } from './test-index.js';

const ctx = useLexicalIndex();

describe('the related-work map', () => {
  it('the paper first, then its nearest neighbours, then theirs, up to size', async () => {
    const origin = ctx.index.papers[5];
    const graph = await ctx.loaded.service.graph(origin.id, 30);
    expect(graph.nodes).toHaveLength(30);
    expect(graph.nodes[0]).toMatchObject({ id: origin.id, ring: 0, similarity: 1 });
    const neighbours = await ctx.loaded.service.related(origin.id, {
      k: GRAPH_FANOUT,
      mode: 'semantic',
    });
    expect(graph.nodes.slice(1, 1 + GRAPH_FANOUT).map((n) => n.id)).toEqual(
      neighbours.map((n) => n.id),
    );
    expect(graph.nodes.slice(1 + GRAPH_FANOUT).every((n) => n.ring === 2)).toBe(true);
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(30);
    const paper = ctx.index.papers.find((p) => p.id === graph.nodes[3].id)!;
    expect(graph.nodes[3]).toMatchObject({
      title: paper.title,
      authors: paper.authors,
      published: paper.published,
      year: paper.published ? Number(paper.published.slice(0, 4)) : null,
    });
  });

  it('edges: each paper keeps its few most similar pairs at or above the median pair', async () => {
    const graph = await ctx.loaded.service.graph(ctx.index.papers[5].id, 30);
    const ids = graph.nodes.map((n) => n.id);
    const degree = new Map(ids.map((id) => [id, 0]));
    for (const edge of graph.edges) {
      expect(ids).toContain(edge.source);
      expect(ids).toContain(edge.target);
      expect(edge.source).not.toBe(edge.target);
      degree.set(edge.source, degree.get(edge.source)! + 1);
      degree.set(edge.target, degree.get(edge.target)! + 1);
    }
    // Nobody floats alone; far fewer lines than all pairs.
    expect([...degree.values()].every((d) => d >= 1)).toBe(true);
    expect(graph.edges.length).toBeLessThanOrEqual(30 * EDGES_PER_NODE);
    expect(graph.edges.length).toBeLessThan((30 * 29) / 2 / 3);
    const below = graph.edges.filter((e) => e.similarity < graph.threshold);
    // Only a paper with no pair at the threshold keeps its best one below it.
    expect(below.length).toBeLessThanOrEqual(graph.nodes.length);
    const pairs = new Set(graph.edges.map((e) => [e.source, e.target].sort().join(' ')));
    expect(pairs.size).toBe(graph.edges.length);
  });

  it('a map of two is the paper and its nearest neighbour, joined', async () => {
    const origin = ctx.index.papers[0];
    const graph = await ctx.loaded.service.graph(origin.id, 2);
    const [nearest] = await ctx.loaded.service.related(origin.id, { k: 1, mode: 'semantic' });
    expect(graph.nodes.map((n) => n.id)).toEqual([origin.id, nearest.id]);
    expect(graph.edges).toEqual([
      { source: origin.id, target: nearest.id, similarity: expect.closeTo(nearest.score, 5) },
    ]);
  });
});
