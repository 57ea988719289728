import { describe, expect, it } from 'vitest';
import { pseudoQueriesOf } from '../../src/search/pseudo-queries.js';

const paper = {
  label: 4,
  title: 'Hopfield networks as associative memory',
  abstract:
    'A recurrent network stores patterns as attractors. ' +
    'Partial cues are completed by running the dynamics until the state settles. ' +
    'Short.',
};

describe('pseudoQueriesOf', () => {
  it('makes a title query held out from the abstract, and a sentence query held out from the rest', () => {
    const [title, sentence] = pseudoQueriesOf(paper, () => 0.99);
    expect(title).toEqual({
      kind: 'title',
      text: paper.title,
      target: 4,
      heldOut: { title: '', abstract: paper.abstract },
    });
    // Sentences of at least six words: the first two; 0.99 draws the second. "Short." is too short.
    expect(sentence.kind).toBe('sentence');
    expect(sentence.text).toBe(
      'Partial cues are completed by running the dynamics until the state settles.',
    );
    expect(sentence.heldOut).toEqual({
      title: paper.title,
      abstract: 'A recurrent network stores patterns as attractors. Short.',
    });
  });

  it('makes no sentence query from a one-sentence abstract', () => {
    const queries = pseudoQueriesOf(
      { ...paper, abstract: 'One sentence of seven words only here.' },
      () => 0,
    );
    expect(queries.map((q) => q.kind)).toEqual(['title']);
  });
});
