import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25Score } from '../../../../src/index/bm25.js';
import { memoryIndex, textQuery } from './helpers.js';

describe('BM25 scores', () => {
  const docs = [
    { label: 10, title: 'graph kernels', abstract: 'kernels compare graph structure kernels' },
    { label: 11, title: 'protein folding', abstract: 'graph of contacts in a protein' },
    { label: 12, title: 'sparse attention', abstract: 'attention scales to long inputs' },
  ];

  it('are the project BM25 (FTS5 bm25) over analysed stems: title terms count twice, length in both fields', async () => {
    const index = memoryIndex([docs]);
    const [first, second] = index.searchLabels(textQuery('graph', 'kernel'), 10);
    // Stems: "graph kernel" + "kernel compar graph structur kernel" → 7 terms; the second
    // paper: "protein fold" + "graph contact protein" → 5; the third 6 ("attent scale long input").
    const averageLength = (7 + 5 + 6) / 3;
    const idf = { graph: bm25Idf(3, 2), kernel: bm25Idf(3, 1) };
    expect(first.label).toBe(10);
    expect(first.score).toBeCloseTo(
      bm25Score(
        [
          { factor: idf.graph, weightedHits: 2 + 1 },
          { factor: idf.kernel, weightedHits: 2 + 2 },
        ],
        7,
        averageLength,
      ),
      12,
    );
    expect(second).toEqual({
      label: 11,
      score: bm25Score([{ factor: idf.graph, weightedHits: 1 }], 5, averageLength),
    });
    expect(await index.statistics()).toEqual({ documents: 3, averageLength });
  });

  it('weigh each term by its query weight; repeated stems add up', () => {
    const index = memoryIndex([docs]);
    const plain = index.searchLabels(textQuery('graph'), 10);
    const weighted = index.searchLabels(
      {
        terms: [
          { word: 'graph', stem: 'graph', weight: 1.5 },
          { word: 'graphs', stem: 'graph', weight: 1 },
        ],
      },
      10,
    );
    expect(weighted.map((r) => r.label)).toEqual(plain.map((r) => r.label));
    weighted.forEach((r, i) => expect(r.score / plain[i].score).toBeCloseTo(2.5, 12));
  });

  it('count documents per stem', async () => {
    const index = memoryIndex([docs.slice(0, 2), docs.slice(2)]);
    const terms = ['graph', 'attent', 'absent'].map((stem) => ({ word: stem, stem, weight: 1 }));
    expect(await index.documentFrequencies(terms)).toEqual([2, 1, 0]);
  });

  it('match nothing for an empty query or k = 0', () => {
    const index = memoryIndex([docs]);
    expect(index.searchLabels({ terms: [] }, 10)).toEqual([]);
    expect(index.searchLabels(textQuery('graph'), 0)).toEqual([]);
    expect(index.searchLabels(textQuery('unknown'), 10)).toEqual([]);
  });
});
