import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readRis, risAuthor } from '../../src/corpus/ris-reader.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readRis on a Zotero-style export', () => {
  const file = fixture('zotero.ris');

  it('reads each TY…ER record at its TY line and skips incomplete ones', async () => {
    expect(outline(await collect(readRis(file)))).toEqual([
      '1: A limit relation for entropy and channel capacity per unit cost',
      '19: On-line Viterbi Algorithm and Its Relationship to Random Walks',
      '36: Sparsity-certifying Graph Decompositions',
      '49: skip missing abstract',
      '55: skip RIS record not closed by ER before line 60',
      '60: Polymer Quantum Mechanics and its Continuum Limit',
      '71: skip RIS record not closed by ER at the end of the file',
    ]);
  });

  it('keeps repeated tags, joins wrapped lines and reads every known tag', async () => {
    const [limit, viterbi, sparsity, polymer] = papers(await collect(readRis(file)));
    expect(limit).toEqual({
      id: 'doi:10.1063/1.2779138',
      title: 'A limit relation for entropy and channel capacity per unit cost',
      abstract:
        'In a quantum mechanical model, Diosi, Feldmann and Kosloff arrived at a conjecture stating that the limit of the entropy of certain mixtures is the relative entropy as system size goes to infinity.',
      authors: ['I. Csiszár', 'F. Hiai', 'D. Petz'],
      categories: [],
      published: '2007-09-25',
      url: 'https://doi.org/10.1063/1.2779138',
      doi: '10.1063/1.2779138',
      arxivId: null,
      venue: 'Journal of Mathematical Physics',
      keywords: ['quantum entropy', 'channel capacity'],
    });
    expect(viterbi).toMatchObject({
      id: 'sramek2007',
      abstract:
        'In this paper, we introduce the on-line Viterbi algorithm for decoding hidden Markov models (HMMs) in much smaller than linear space.',
      authors: ['Rastislav Šrámek', 'Broňa Brejová', 'Tomáš Vinař'],
      published: '2007-01-01',
      venue: 'Algorithms in Bioinformatics',
    });
    expect(sparsity).toMatchObject({
      id: '0704.0002',
      arxivId: '0704.0002',
      published: '2007-03-31',
    });
    expect(polymer).toMatchObject({ venue: 'Phys. Rev. D', doi: '10.1103/PhysRevD.76.044016' });
  });

  it('refuses a file whose first line is not a TY tag', async () => {
    await expect(collect(readRis(fixture('proceedings.bib')))).rejects.toThrow(CorpusError);
    await expect(collect(readRis(fixture('papers.csv')))).rejects.toThrow(
      /not RIS: the first line with text is "id,Title,/,
    );
  });
});

describe('risAuthor', () => {
  it.each([
    ['Csiszár, I.', 'I. Csiszár'],
    ['King, Martin Luther, Jr.', 'Martin Luther King Jr.'],
    ['European Bioinformatics Institute', 'European Bioinformatics Institute'],
  ])('%s → %s', (name, expected) => {
    expect(risAuthor(name)).toBe(expected);
  });
});
