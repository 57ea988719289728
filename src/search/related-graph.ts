import type { RecordStore, StoredPaper } from '../index/record-store.js';
import type { VectorIndex } from '../index/vector-index.js';
import { dot } from '../embed/dot.js';

/**
 * A map of the work around one paper, for drawing: the paper, its nearest neighbours, theirs,
 * and so on outwards, up to `size` papers; then the pairs among them similar enough to draw.
 *
 * Papers: each ring expands every paper of the previous ring by its GRAPH_FANOUT nearest
 * neighbours (those already on the map left out), and keeps the new ones most similar to the
 * origin, until the map holds `size` papers or a ring brings none. So the origin's own neighbours always come first, and the rest
 * stay close to the origin rather than drifting off along a chain.
 *
 * Edges: with every pair drawn, a map of 30 papers has 435 lines and shows nothing. A pair is
 * drawn when it is among either paper's EDGES_PER_NODE most similar on the map and at least
 * as similar as the median pair of the map: the threshold comes from the neighbourhood's own
 * distribution, so it adapts to embedders whose cosines sit high (LSA) or low. A paper whose
 * pairs all fall below it keeps its single strongest one, so none floats alone.
 */
export const GRAPH_FANOUT = 8;
export const EDGES_PER_NODE = 3;

export interface GraphNode {
  id: string;
  title: string;
  year: number | null;
  published: string | null;
  authors: string[];
  /** Cosine similarity to the origin paper (the origin's own is 1). */
  similarity: number;
  /** 0 for the origin, 1 for its neighbours, 2 for theirs, … */
  ring: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  similarity: number;
}

export interface RelatedGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The median pairwise similarity of the map: the least similarity most edges have. */
  threshold: number;
}

interface Placed {
  label: number;
  vector: Float32Array;
  similarity: number;
  ring: number;
}

export async function relatedGraph(
  origin: StoredPaper,
  size: number,
  corpus: { records: RecordStore; vectors: VectorIndex },
): Promise<RelatedGraph> {
  const [originVector] = await corpus.vectors.vectorsOf([origin.label]);
  if (!originVector) throw new Error(`index holds no vector for paper ${origin.id}`);
  const placed = await placeRings(
    { label: origin.label, vector: originVector, similarity: 1, ring: 0 },
    size,
    corpus.vectors,
  );
  const papers = await corpus.records.byLabels(placed.map((p) => p.label));
  const byLabel = new Map(papers.map((p) => [p.label, p]));
  const kept = placed.filter((p) => byLabel.has(p.label));
  const { edges, threshold } = drawnPairs(kept);
  const idOf = (i: number) => (byLabel.get(kept[i].label) as StoredPaper).id;
  return {
    nodes: kept.map((p) => toNode(byLabel.get(p.label) as StoredPaper, p)),
    edges: edges.map(({ a, b, similarity }) => ({ source: idOf(a), target: idOf(b), similarity })),
    threshold,
  };
}

/** The origin, then ring after ring of neighbours, the most similar to the origin first. */
async function placeRings(origin: Placed, size: number, vectors: VectorIndex): Promise<Placed[]> {
  const placed = [origin];
  const onMap = new Set([origin.label]);
  let ring = [origin];
  while (placed.length < size && ring.length > 0) {
    // Each paper's own neighbours, itself among them, minus those already on the map: an
    // exclusion set passed to the search would deepen every search by the map's size.
    const lists = await Promise.all(ring.map((p) => vectors.search(p.vector, GRAPH_FANOUT + 1)));
    const candidates = [
      ...new Set(
        lists
          .map((list) => list.filter((n) => !onMap.has(n.label)))
          .map((list) => list.slice(0, GRAPH_FANOUT))
          .flat()
          .map((n) => n.label),
      ),
    ];
    const candidateVectors = await vectors.vectorsOf(candidates);
    const next = candidates
      .flatMap((label, i) => {
        const vector = candidateVectors[i];
        if (!vector) return [];
        return [{ label, vector, similarity: dot(origin.vector, vector), ring: ring[0].ring + 1 }];
      })
      .sort((a, b) => b.similarity - a.similarity || a.label - b.label)
      .slice(0, size - placed.length);
    for (const p of next) onMap.add(p.label);
    placed.push(...next);
    ring = next;
  }
  return placed;
}

/** The pairs to draw (indexes into `nodes`), by the rule above. */
function drawnPairs(nodes: readonly Placed[]): {
  edges: Array<{ a: number; b: number; similarity: number }>;
  threshold: number;
} {
  const similarity = nodes.map((a) => nodes.map((b) => dot(a.vector, b.vector)));
  const pairs = nodes.flatMap((_, a) =>
    nodes.slice(a + 1).map((__, j) => similarity[a][a + 1 + j]),
  );
  const threshold = median(pairs);
  const drawn = new Map<string, { a: number; b: number; similarity: number }>();
  nodes.forEach((_, a) => {
    const others = nodes
      .map((__, b) => b)
      .filter((b) => b !== a)
      .sort((x, y) => similarity[a][y] - similarity[a][x]);
    const strong = others.filter((b) => similarity[a][b] >= threshold).slice(0, EDGES_PER_NODE);
    for (const b of strong.length > 0 ? strong : others.slice(0, 1)) {
      const [low, high] = a < b ? [a, b] : [b, a];
      drawn.set(`${low} ${high}`, { a: low, b: high, similarity: similarity[a][b] });
    }
  });
  const edges = [...drawn.values()].sort((x, y) => x.a - y.a || x.b - y.b);
  return { edges, threshold };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function toNode(paper: StoredPaper, placed: Placed): GraphNode {
  const year = paper.published ? Number(paper.published.slice(0, 4)) : null;
  return {
    id: paper.id,
    title: paper.title,
    year: year !== null && Number.isInteger(year) ? year : null,
    published: paper.published,
    authors: paper.authors,
    similarity: placed.ring === 0 ? 1 : placed.similarity,
    ring: placed.ring,
  };
}
