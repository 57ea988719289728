import { describe, expect, it } from 'vitest';
import { analyze, isStopword, stem, tokenize } from '../../src/embed/text-analyzer.js';

describe('tokenize', () => {
  it('lower-cases and splits on anything that is not a letter or digit', () => {
    expect(tokenize('Graph Neural Networks: a survey (2nd ed.)')).toEqual([
      'graph',
      'neural',
      'networks',
      'survey',
      '2nd',
      'ed',
    ]);
  });

  it('glues hyphenated names that carry digits or single letters', () => {
    expect(tokenize('GPT-4 vs. COVID-19, k-means and t-SNE')).toEqual([
      'gpt4',
      'vs',
      'covid19',
      'kmeans',
      'and',
      'tsne',
    ]);
  });

  it('splits other hyphenated compounds so the spaced spelling matches', () => {
    expect(tokenize('self-supervised state-of-the-art')).toEqual([
      'self',
      'supervised',
      'state',
      'of',
      'the',
      'art',
    ]);
    expect(tokenize('self supervised')).toEqual(['self', 'supervised']);
  });

  it('keeps alphanumeric names and drops bare numbers and single characters', () => {
    expect(tokenize('3D point clouds from T5, 1.5 billion x 2023')).toEqual([
      '3d',
      'point',
      'clouds',
      'from',
      't5',
      'billion',
    ]);
  });

  it('drops possessives and folds diacritics and compatibility forms', () => {
    expect(tokenize("Schrödinger's naïve ﬁlter")).toEqual(['schrodinger', 'naive', 'filter']);
    expect(tokenize('Schrodinger')).toEqual(tokenize('SCHRÖDINGER'));
  });

  it('keeps words of other scripts', () => {
    expect(tokenize('Привет, мир')).toEqual(['привет', 'мир']);
  });

  it('yields nothing for empty or symbol-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' -- ... 42 ')).toEqual([]);
  });
});

describe('analyze', () => {
  it('removes stopwords and stems what remains', () => {
    expect(analyze('We propose learning the representations of graphs')).toEqual([
      'propos',
      'learn',
      'represent',
      'graph',
    ]);
  });

  it('maps inflections to one term', () => {
    expect(analyze('networks')).toEqual(analyze('network'));
    expect(analyze('Training trained trains')).toEqual(['train', 'train', 'train']);
  });

  it('leaves names with digits and non-English words unstemmed', () => {
    expect(stem('gpt4')).toBe('gpt4');
    expect(stem('привет')).toBe('привет');
    expect(analyze('GPT-4 models')).toEqual(['gpt4', 'model']);
  });

  it('adds adjacent-term bigrams on request', () => {
    expect(analyze('graph neural networks', { bigrams: true })).toEqual([
      'graph',
      'neural',
      'network',
      'graph neural',
      'neural network',
    ]);
  });

  it('knows the common English function words, including those the package list lacks', () => {
    for (const word of ['the', 'and', 'we', 'not', 'its', 'when', 'via']) {
      expect(isStopword(word)).toBe(true);
    }
    expect(isStopword('graph')).toBe(false);
  });
});
