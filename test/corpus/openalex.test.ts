import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { abstractFromInvertedIndex, readOpenAlex } from '../../src/corpus/openalex.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readOpenAlex', () => {
  it('streams the results of a works page and rebuilds abstracts', async () => {
    const events = await collect(readOpenAlex(fixture('openalex-works-page.json')));
    expect(outline(events)).toEqual([
      '4: A limit relation for entropy and channel capacity per unit cost',
      '84: Phase diagram of Gaussian-core nematics',
      '104: skip missing abstract',
    ]);
    const [limit, nematics] = papers(events);
    expect(limit).toEqual({
      id: '0704.0046',
      title: 'A limit relation for entropy and channel capacity per unit cost',
      abstract:
        'In a quantum mechanical model, Diosi, Feldmann and Kosloff arrived at a conjecture.',
      authors: ['Imre Csiszár', 'Fumio Hiai', 'Dénes Petz'],
      categories: ['Quantum Information and Cryptography', 'Quantum Mechanics and Applications'],
      published: '2007-09-01',
      url: 'https://doi.org/10.1063/1.2779138',
      doi: '10.1063/1.2779138',
      arxivId: '0704.0046',
      venue: 'Journal of Mathematical Physics',
      keywords: ['Channel capacity', 'Relative entropy'],
    });
    expect(nematics).toMatchObject({
      id: 'openalex:W1995017064',
      categories: ['Nematic', 'Phase diagram'],
      url: 'https://example.org/phase-diagram',
      venue: null,
    });
  });

  it('reads JSON Lines, a line holding a whole page, and reports a bad line', async () => {
    const events = await collect(readOpenAlex(fixture('openalex-works.jsonl')));
    expect(outline(events)).toEqual([
      '1: Phase diagram of Gaussian-core nematics',
      '2: First of a Page',
      '2: Second of a Page',
      expect.stringMatching(/^3: skip invalid JSON: /),
    ]);
    expect(papers(events)[0].categories).toEqual(['Liquid Crystal Research Advancements']);
  });

  it('refuses records that are not OpenAlex works', async () => {
    await expect(collect(readOpenAlex(fixture('s2-search-page.json')))).rejects.toThrow(
      CorpusError,
    );
  });
});

describe('abstractFromInvertedIndex', () => {
  it('places each word at its positions', () => {
    expect(abstractFromInvertedIndex({ b: [1, 3], a: [0], c: [2] })).toBe('a b c b');
    expect(abstractFromInvertedIndex(null)).toBeNull();
  });
});
