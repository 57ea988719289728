import { describe, expect, it } from 'vitest';
import { textQuery, type QueryTerm } from '../../src/search/lexical-query.js';
import { rm3Query, type FeedbackPaper } from '../../src/search/rm3.js';

/** Corpus statistics from a stem's document frequency. */
function statistics(papers: number, frequency: Record<string, number>) {
  return {
    papers,
    documentFrequencies: async (terms: readonly QueryTerm[]) =>
      terms.map((t) => frequency[t.stem] ?? 1),
  };
}

const paper = (abstract: string, score: number): FeedbackPaper => ({
  doc: { title: '', abstract },
  score,
});

describe('rm3Query', () => {
  it('interpolates the normalised query with the relevance model of the feedback papers', async () => {
    const query = textQuery('qubit noise');
    const feedback = [paper('qubit noise decoherence decoherence', 3), paper('qubit error', 1)];
    const parameters = { feedbackDocs: 10, feedbackTerms: 10, originalWeight: 0.5 };
    const expanded = await rm3Query(query, feedback, statistics(100, {}), parameters);
    const weight = Object.fromEntries(expanded.terms.map((t) => [t.stem, t.weight]));
    // Paper 1: qubit 1/4, nois 1/4, decoher 2/4, times 3; paper 2: qubit 1/2, error 1/2, times 1.
    const model = { qubit: 0.75 + 0.5, nois: 0.75, decoher: 1.5, error: 0.5 };
    const sum = 4;
    expect(weight.qubit).toBeCloseTo(0.5 * 0.5 + (0.5 * model.qubit) / sum, 12);
    expect(weight.nois).toBeCloseTo(0.5 * 0.5 + (0.5 * model.nois) / sum, 12);
    expect(weight.decoher).toBeCloseTo((0.5 * model.decoher) / sum, 12);
    expect(weight.error).toBeCloseTo((0.5 * model.error) / sum, 12);
    expect(expanded.terms.reduce((s, t) => s + t.weight, 0)).toBeCloseTo(1, 12);
    expect(expanded.searched).toBe(4);
    expect(expanded.terms.find((t) => t.stem === 'decoher')).toMatchObject({
      word: 'decoherence',
      origin: { kind: 'rm3' },
    });
    expect(expanded.terms.find((t) => t.stem === 'qubit')?.origin).toBeUndefined();
  });

  it('leaves out terms too common in the corpus and keeps the heaviest feedbackTerms', async () => {
    const query = textQuery('qubit');
    const feedback = [paper('qubit results results results decoherence decoherence error', 1)];
    const parameters = { feedbackDocs: 10, feedbackTerms: 1, originalWeight: 0.5 };
    // "result" is in 20 of 100 papers: over the 10% bar.
    const expanded = await rm3Query(query, feedback, statistics(100, { result: 20 }), parameters);
    expect(expanded.terms.map((t) => t.stem).sort()).toEqual(['decoher', 'qubit']);
  });

  it('uses only the first feedbackDocs papers', async () => {
    const query = textQuery('qubit');
    const feedback = [paper('qubit', 1), paper('decoherence', 1)];
    const parameters = { feedbackDocs: 1, feedbackTerms: 10, originalWeight: 0.5 };
    const expanded = await rm3Query(query, feedback, statistics(100, {}), parameters);
    expect(expanded.terms.map((t) => t.stem)).toEqual(['qubit']);
  });

  it('returns the query as it was without feedback', async () => {
    const query = textQuery('qubit noise');
    expect(await rm3Query(query, [], statistics(100, {}))).toBe(query);
  });
});
