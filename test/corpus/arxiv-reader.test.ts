import { describe, expect, it } from 'vitest';
import { authorsFromParsed, fromArxivRecord, readArxiv } from '../../src/corpus/arxiv-reader.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readArxiv', () => {
  const file = fixture('arxiv-snapshot.json');

  it('maps snapshot records and reports bad lines', async () => {
    const events = await collect(readArxiv(file));
    expect(outline(events)).toEqual([
      '1: Sparsity-certifying Graph Decompositions',
      '2: Excited State Destri - De Vega Equation for Sine-Gordon and Restricted Sine-Gordon Models',
      '3: Fallback Fields in a Snapshot Record',
      expect.stringMatching(/^4: skip invalid JSON: /),
      '5: skip missing abstract',
    ]);
  });

  it('normalises line breaks and derives authors, date and url', async () => {
    const [first, second, third] = papers(await collect(readArxiv(file)));
    expect(first).toMatchObject({
      id: '0704.0002',
      authors: ['Ileana Streinu', 'Louis Theran'],
      categories: ['math.CO', 'cs.CG'],
      published: '2007-03-31',
      url: 'https://arxiv.org/abs/0704.0002',
    });
    expect(first.abstract).toMatch(/^We describe a new algorithm, the \$\(k,\\ell\)\$-pebble game/);
    expect(first.abstract).not.toMatch(/\n|\s{2}/);
    expect(second).toMatchObject({
      id: 'hep-th/9608091',
      authors: ['D. Fioravanti', 'A. Mariottini', 'E. Quattrini', 'F. Ravanini'],
      published: '1996-08-14',
      url: 'https://arxiv.org/abs/hep-th/9608091',
    });
    expect(third).toMatchObject({
      authors: ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville'],
      categories: ['cs.LG', 'stat.ML'],
      published: '2021-01-05',
    });
  });
});

describe('fromArxivRecord', () => {
  it('passes non-objects through for the mapper to reject', () => {
    expect(fromArxivRecord([1])).toEqual([1]);
  });

  it('leaves url empty without an id', () => {
    expect(fromArxivRecord({ title: 't' })).toMatchObject({ url: null });
  });
});

describe('authorsFromParsed', () => {
  it('writes "First Last Suffix" and ignores affiliations', () => {
    expect(
      authorsFromParsed([
        ['King', 'Martin Luther', 'Jr', 'Atlanta'],
        ['Collaboration', '', ''],
      ]),
    ).toEqual(['Martin Luther King Jr', 'Collaboration']);
  });

  it('gives null for an unexpected shape', () => {
    expect(authorsFromParsed('Someone')).toBeNull();
    expect(authorsFromParsed([])).toBeNull();
    expect(authorsFromParsed([['Last', 1]])).toBeNull();
  });
});
