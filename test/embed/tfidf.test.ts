import { describe, expect, it } from 'vitest';
import { MIN_DF_TWO_FROM_DOCS, PRUNE_FROM_DOCS, TfidfModel } from '../../src/embed/tfidf.js';
import type { CsrMatrix } from '../../src/embed/truncated-svd.js';

const docs = [
  ['graph', 'neural', 'graph'],
  ['neural', 'network'],
  ['graph', 'kernel'],
];

function rowOf(matrix: CsrMatrix, i: number, terms: readonly string[]): Record<string, number> {
  const row: Record<string, number> = {};
  for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++) {
    row[terms[matrix.indices[p]]] = matrix.data[p];
  }
  return row;
}

const idf = (n: number, df: number) => Math.log((1 + n) / (1 + df)) + 1;

describe('TfidfModel.fit', () => {
  it('keeps every term of a tiny corpus, sorted, with smoothed idf', () => {
    const { model } = TfidfModel.fit(docs);
    expect(model.terms).toEqual(['graph', 'kernel', 'network', 'neural']);
    expect(model.idf[0]).toBeCloseTo(idf(3, 2), 6);
    expect(model.idf[1]).toBeCloseTo(idf(3, 1), 6);
  });

  it('weighs rows by sublinear tf × idf and normalises them', () => {
    const { model, matrix } = TfidfModel.fit(docs);
    expect(matrix.rows).toBe(3);
    expect(matrix.cols).toBe(4);
    const row = rowOf(matrix, 0, model.terms);
    const graph = (1 + Math.log(2)) * idf(3, 2);
    const neural = idf(3, 2);
    const norm = Math.hypot(graph, neural);
    expect(row.graph).toBeCloseTo(graph / norm, 6);
    expect(row.neural).toBeCloseTo(neural / norm, 6);
    for (let i = 0; i < matrix.rows; i++) {
      const values = Object.values(rowOf(matrix, i, model.terms));
      expect(Math.hypot(...values)).toBeCloseTo(1, 6);
    }
  });

  it('stores each row with ascending term indices', () => {
    const { matrix } = TfidfModel.fit([['zeta', 'alpha', 'mu', 'alpha']]);
    expect(Array.from(matrix.indices)).toEqual([0, 1, 2]);
    expect(Array.from(matrix.indptr)).toEqual([0, 3]);
  });

  it('drops terms in more than half of the documents once the corpus is big enough', () => {
    const corpus = Array.from({ length: PRUNE_FROM_DOCS }, (_, i) => [
      'common',
      i % 3 === 0 ? 'third' : 'rest',
      `unique${i}`,
    ]);
    const { model } = TfidfModel.fit(corpus);
    expect(model.terms).not.toContain('common');
    expect(model.terms).not.toContain('rest');
    expect(model.terms).toContain('third');
    expect(model.terms).toContain('unique7');
  });

  it('requires two documents per term from MIN_DF_TWO_FROM_DOCS documents on', () => {
    const corpus = Array.from({ length: MIN_DF_TWO_FROM_DOCS }, (_, i) => [
      `pair${i >> 1}`,
      `unique${i}`,
    ]);
    const { model } = TfidfModel.fit(corpus);
    expect(model.size).toBe(MIN_DF_TWO_FROM_DOCS / 2);
    expect(model.terms).toContain('pair0');
    expect(model.terms).not.toContain('unique0');
  });

  it('caps the vocabulary by document frequency, ties broken by term', () => {
    const corpus = [
      ['a', 'b', 'c'],
      ['a', 'b'],
      ['a', 'd'],
    ];
    expect(TfidfModel.fit(corpus, { maxTerms: 2 }).model.terms).toEqual(['a', 'b']);
    expect(TfidfModel.fit(corpus, { maxTerms: 3 }).model.terms).toEqual(['a', 'b', 'c']);
  });

  it('honours explicit limits', () => {
    expect(TfidfModel.fit(docs, { minDf: 2 }).model.terms).toEqual(['graph', 'neural']);
    expect(TfidfModel.fit(docs, { maxDfRatio: 0.5 }).model.terms).toEqual(['kernel', 'network']);
  });

  it('does not depend on document order for the vocabulary and idf', () => {
    const a = TfidfModel.fit(docs).model;
    const b = TfidfModel.fit([...docs].reverse()).model;
    expect(b.terms).toEqual(a.terms);
    expect(Array.from(b.idf)).toEqual(Array.from(a.idf));
  });

  it('reads the documents in a single pass', () => {
    function* once() {
      yield* docs;
    }
    const { matrix } = TfidfModel.fit(once());
    expect(matrix.rows).toBe(3);
  });
});

describe('TfidfModel.vectorize and transform', () => {
  const { model, matrix } = TfidfModel.fit(docs);

  it('reproduces the fitted rows', () => {
    const again = model.transform(docs);
    expect(Array.from(again.indptr)).toEqual(Array.from(matrix.indptr));
    expect(Array.from(again.indices)).toEqual(Array.from(matrix.indices));
    expect(Array.from(again.data)).toEqual(Array.from(matrix.data));
  });

  it('ignores unknown terms', () => {
    const row = model.vectorize(['kernel', 'unseen']);
    expect(Array.from(row.indices)).toEqual([1]);
    expect(Array.from(row.values)).toEqual([1]);
  });

  it('returns an empty row when no term is known', () => {
    const row = model.vectorize(['unseen']);
    expect(row.indices.length).toBe(0);
    expect(row.values.length).toBe(0);
  });

  it('can be rebuilt from its terms and idf', () => {
    const copy = new TfidfModel([...model.terms], model.idf.slice());
    expect(copy.vectorize(docs[0])).toEqual(model.vectorize(docs[0]));
  });
});
