import { noExtras } from '../../src/corpus/paper.js';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readCsv } from '../../src/corpus/csv-reader.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('readCsv', () => {
  const file = fixture('papers.csv');

  it('reports papers at the line their record starts and skips malformed rows', async () => {
    const events = await collect(readCsv(file));
    expect(events.every((event) => event.file === file)).toBe(true);
    expect(outline(events)).toEqual([
      '2: Commas, Quotes and "Escapes"',
      '3: Multi-line Abstract',
      expect.stringMatching(/^6: skip malformed CSV: .*columns/i),
      '8: skip missing abstract',
      '9: Last Row',
    ]);
  });

  it('reads quoted commas, line breaks in fields and case-insensitive headers', async () => {
    const [first, second, last] = papers(await collect(readCsv(file)));
    expect(first).toEqual({
      id: 'c-1',
      title: 'Commas, Quotes and "Escapes"',
      abstract: 'An abstract, with commas.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.LG', 'cs.AI'],
      published: '2021-03-04',
      url: 'https://example.org/c-1',
      ...noExtras(),
    });
    expect(second).toMatchObject({
      abstract: 'First line of the abstract, second line, third line.',
      authors: ['Grace Hopper', 'Barbara Liskov'],
      published: '2018-01-01',
      url: null,
    });
    expect(last).toMatchObject({ id: 'c-5', authors: [], categories: [], published: null });
  });

  it('refuses a missing file', async () => {
    await expect(collect(readCsv(fixture('absent.csv')))).rejects.toThrow(CorpusError);
  });
});

describe('readCsv field names', () => {
  it('reads aliased columns: Author, Site, Tags, Journal, arXiv, DOI', async () => {
    const [sparsity, limit, polymer] = papers(await collect(readCsv(fixture('aliases.csv'))));
    expect(sparsity).toMatchObject({
      id: '0704.0002',
      authors: ['Ileana Streinu', 'Louis Theran'],
      arxivId: '0704.0002',
      keywords: ['graph theory', 'rigidity'],
      url: 'https://arxiv.org/abs/0704.0002',
      published: '2007-01-01',
    });
    expect(limit).toMatchObject({
      id: 'doi:10.1063/1.2779138',
      authors: ['I. Csiszár', 'F. Hiai', 'D. Petz'],
      keywords: ['entropy', 'capacity'],
      venue: 'J. Math. Phys.',
      doi: '10.1063/1.2779138',
    });
    expect(polymer).toMatchObject({
      authors: ['Alejandro Corichi', 'Tatjana Vukasinac', 'Jose A. Zapata'],
      url: 'https://example.org/polymer',
      venue: 'Phys. Rev. D',
    });
  });

  it('refuses a header that names no known field', async () => {
    await expect(collect(readCsv(fixture('zotero.ris')))).rejects.toThrow(CorpusError);
    await expect(collect(readCsv(fixture('proceedings.bib')))).rejects.toThrow(
      /not a CSV paper table: the header row \(% encoding: utf-8\) names no known field/,
    );
  });
});
