import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25Score } from '../../src/index/bm25.js';

const docs = [
  {
    label: 0,
    title: 'Graph neural networks',
    abstract: 'Message passing on graphs with neural networks.',
  },
  {
    label: 1,
    title: 'Graph kernels',
    abstract: 'Kernels compare graphs; graph kernels are classic.',
  },
  { label: 2, title: 'Protein folding', abstract: 'Neural networks fold proteins.' },
  {
    label: 3,
    title: 'Sparse attention',
    abstract: 'Attention that is sparse scales to long inputs.',
  },
];

/** Title hits count twice, as in the embedded text index. */
const WEIGHTS = { title: 2, abstract: 1 };

// SQLite FTS5's own bm25() is the reference the project's BM25 reproduces (src/index/bm25.ts).
describe('FTS5 BM25 outside FTS5', () => {
  it('scores every row as bm25() does, from the index statistics', () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, tokenize='porter unicode61')",
    );
    const insert = db.prepare('INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)');
    for (const doc of docs) insert.run(doc.label, doc.title, doc.abstract);
    const found = db
      .prepare(
        'SELECT rowid AS label, -bm25(papers_fts, ?, ?) AS score FROM papers_fts ' +
          'WHERE papers_fts MATCH \'"graph" OR "kernels" OR "networks"\'',
      )
      .all(WEIGHTS.title, WEIGHTS.abstract) as Array<{ label: number; score: number }>;
    expect(found.map((f) => f.label).sort()).toEqual([0, 1, 2]);

    // Per-document term occurrences by column, as FTS5 tokenised them.
    db.exec("CREATE VIRTUAL TABLE temp.hits USING fts5vocab(main, 'papers_fts', 'instance')");
    const instances = db.prepare('SELECT term, doc, col FROM temp.hits').all() as Array<{
      term: string;
      doc: number;
      col: 'title' | 'abstract';
    }>;
    const documents = docs.length;
    const averageLength = instances.length / documents;
    const stems = ['graph', 'kernel', 'network'];
    const frequencies = stems.map(
      (stem) => new Set(instances.filter((i) => i.term === stem).map((i) => i.doc)).size,
    );
    expect(frequencies).toEqual([2, 1, 2]);
    for (const { label, score } of found) {
      const own = instances.filter((i) => i.doc === label);
      const phrases = stems.map((stem, i) => ({
        factor: bm25Idf(documents, frequencies[i]),
        weightedHits: own
          .filter((hit) => hit.term === stem)
          .reduce((n, hit) => n + WEIGHTS[hit.col], 0),
      }));
      expect(bm25Score(phrases, own.length, averageLength)).toBeCloseTo(score, 9);
    }
    db.close();
  });
});
