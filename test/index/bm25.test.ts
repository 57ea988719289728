import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25Score } from '../../src/index/bm25.js';
import { FacetIndex } from '../../src/index/embedded/facet-index.js';
import { Fts5TextIndex, Fts5TextWriter } from '../../src/bench/lexical/fts5-text-index.js';
import { SqliteDatabase } from '../../src/index/embedded/sqlite-database.js';

const docs = [
  { label: 0, title: 'Graph neural networks', abstract: 'Message passing on graphs with neural networks.' },
  { label: 1, title: 'Graph kernels', abstract: 'Kernels compare graphs; graph kernels are classic.' },
  { label: 2, title: 'Protein folding', abstract: 'Neural networks fold proteins.' },
  { label: 3, title: 'Sparse attention', abstract: 'Attention that is sparse scales to long inputs.' },
];

describe('FTS5 BM25 outside FTS5', () => {
  it('scores every row as bm25() does, from the index statistics', async () => {
    const db = SqliteDatabase.open(':memory:');
    await new Fts5TextWriter(db).put(docs);
    const index = new Fts5TextIndex(db, FacetIndex.build([]), 0);
    const terms = ['graph', 'kernels', 'networks'].map((word) => ({ word, stem: word, weight: 1 }));
    const found = await index.search({ terms }, 10);
    expect(found.map((f) => f.label).sort()).toEqual([0, 1, 2]);

    // Per-document term occurrences by column, as FTS5 tokenised them.
    db.handle.exec(
      "CREATE VIRTUAL TABLE temp.hits USING fts5vocab(main, 'papers_fts', 'instance')",
    );
    const instances = db.handle.prepare('SELECT term, doc, col FROM temp.hits').all() as Array<{
      term: string;
      doc: number;
      col: string;
    }>;
    const { documents, averageLength } = await index.statistics();
    const frequencies = await index.documentFrequencies(terms);
    const stems = ['graph', 'kernel', 'network'];
    for (const { label, score } of found) {
      const own = instances.filter((i) => i.doc === label);
      const phrases = stems.map((stem, i) => ({
        factor: bm25Idf(documents, frequencies[i]),
        weightedHits: own
          .filter((i) => i.term === stem)
          .reduce((n, i) => n + (i.col === 'title' ? 2 : 1), 0),
      }));
      expect(bm25Score(phrases, own.length, averageLength)).toBeCloseTo(score, 9);
    }
    db.close();
  });
});
