import { describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras } from '../../src/corpus/paper.js';
import { fts5Idf, fts5Score, queryPhrases } from '../../src/index/bm25.js';
import { SqlitePaperStore } from '../../src/index/sqlite-paper-store.js';

const paper = (id: string, title: string, abstract: string): Paper => ({
  id,
  title,
  abstract,
  authors: [],
  categories: [],
  published: null,
  url: null,
  ...noExtras(),
});

describe('FTS5 BM25 outside FTS5', () => {
  it('splits a query into its quoted phrases', () => {
    expect(queryPhrases('"graph" OR "neural net" OR "say ""hi"""')).toEqual([
      '"graph"',
      '"neural net"',
      '"say ""hi"""',
    ]);
  });

  it('scores every row as bm25() does', () => {
    const store = SqlitePaperStore.open(':memory:');
    const papers = [
      paper('a', 'Graph neural networks', 'Message passing on graphs with neural networks.'),
      paper('b', 'Graph kernels', 'Kernels compare graphs; graph kernels are classic.'),
      paper('c', 'Protein folding', 'Neural networks fold proteins.'),
      paper('d', 'Sparse attention', 'Attention that is sparse scales to long inputs.'),
    ];
    papers.forEach((p, label) => store.putPaper(label, p, contentHash(p)));
    const query = '"graph" OR "neural networks" OR "kernels"';
    const weights = { title: 2, abstract: 1 };
    const expected = store.matchText(query, { limit: 10, weights });
    const { rows, tokens } = store.textTotals();
    const idf = queryPhrases(query).map((p) => fts5Idf(rows, store.countTextMatches(p)));
    for (const { label, score } of expected) {
      let length = 0;
      const phrases = queryPhrases(query).map((phrase, i) => {
        const hits = store.phraseHits(phrase, label);
        length = hits.length;
        return { idf: idf[i], weightedHits: 2 * hits.title + hits.abstract };
      });
      expect(fts5Score(phrases, length, tokens / rows)).toBeCloseTo(score, 9);
    }
    expect(expected.length).toBe(3);
    store.close();
  });
});
