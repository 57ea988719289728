import { describe, expect, it } from 'vitest';
import {
  canonicalRecord,
  fieldMapFrom,
  NO_FIELD_MAP,
  parseFieldMapping,
} from '../../src/corpus/field-map.js';

describe('canonicalRecord', () => {
  it('resolves aliases case-insensitively, first present alias first', () => {
    const { record, unmapped } = canonicalRecord(
      {
        Title: 'T',
        Abstract: 'A',
        Creator: 'Ada Lovelace',
        pdf_url: 'https://example.org/t.pdf',
        link: 'https://example.org/t',
        Tags: 'x; y',
        'journal-ref': 'J. Ex. 1 (2001)',
        Eprint: '2101.00001',
        pages: '1-2',
        url: '',
      },
      NO_FIELD_MAP,
    );
    expect(record).toEqual({
      title: 'T',
      abstract: 'A',
      authors: 'Ada Lovelace',
      url: 'https://example.org/t',
      arxiv_id: '2101.00001',
      venue: 'J. Ex. 1 (2001)',
      keywords: 'x; y',
    });
    expect(unmapped).toEqual(['pages']);
  });

  it('puts a --map column ahead of the aliases and counts it as recognised', () => {
    const fieldMap = fieldMapFrom([parseFieldMapping('authors=Writers')]);
    const { record, unmapped } = canonicalRecord(
      { title: 'T', writers: 'Grace Hopper', author: 'Someone Else' },
      fieldMap,
    );
    expect(record).toMatchObject({ authors: 'Grace Hopper' });
    expect(unmapped).toEqual([]);
  });

  it('passes non-objects through for the mapper to reject', () => {
    expect(canonicalRecord([1], NO_FIELD_MAP)).toEqual({ record: [1], unmapped: [] });
  });
});

describe('parseFieldMapping', () => {
  it('reads field=column with the column lower-cased', () => {
    expect(parseFieldMapping(' venue = Conference Name ')).toEqual({
      field: 'venue',
      column: 'conference name',
    });
  });

  it.each([
    ['autors=Writers', /unknown field "autors" in "autors=Writers": known fields are id, title/],
    ['authors', /expected field=column, got "authors"/],
    ['=x', /expected field=column/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFieldMapping(spec)).toThrow(message);
  });

  it('refuses a field mapped twice', () => {
    const twice = ['title=a', 'title=b'].map(parseFieldMapping);
    expect(() => fieldMapFrom(twice)).toThrow(/field "title" is mapped twice/);
  });
});
