import { describe, expect, it } from 'vitest';
import { noExtras, stableIdFromTitle } from '../../src/corpus/paper.js';
import { mapRecord, recordEvent } from '../../src/corpus/record-mapper.js';

describe('mapRecord', () => {
  it('normalises every field of a full record', () => {
    const mapped = mapRecord({
      id: ' a-1 ',
      title: 'A  Title\n  Split',
      abstract: '  Some\ttext. ',
      authors: 'Grace Hopper, Edsger Dijkstra, and Barbara Liskov',
      categories: 'cs.PL  cs.SE',
      published: '2019-03',
      doi: '10.1000/xyz',
    });
    expect(mapped).toEqual({
      ok: true,
      paper: {
        id: 'a-1',
        title: 'A Title Split',
        abstract: 'Some text.',
        authors: ['Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'],
        categories: ['cs.PL', 'cs.SE'],
        published: '2019-03-01',
        url: 'https://doi.org/10.1000/xyz',
        doi: '10.1000/xyz',
        arxivId: null,
        venue: null,
        keywords: [],
      },
    });
  });

  it('fills the gaps of a minimal record', () => {
    const mapped = mapRecord({
      title: 'Only Title',
      abstract: 'And abstract.',
      url: '',
      doi: null,
    });
    expect(mapped).toEqual({
      ok: true,
      paper: {
        id: stableIdFromTitle('Only Title'),
        title: 'Only Title',
        abstract: 'And abstract.',
        authors: [],
        categories: [],
        published: null,
        url: null,
        ...noExtras(),
      },
    });
  });

  it('prefers an explicit url and falls through unreadable dates', () => {
    const mapped = mapRecord({
      title: 't',
      abstract: 'a',
      url: 'https://example.org/x',
      doi: '10.1/y',
      published: 'unknown',
      year: '2001',
    });
    expect(mapped.ok && [mapped.paper.url, mapped.paper.published]).toEqual([
      'https://example.org/x',
      '2001-01-01',
    ]);
  });

  it.each([
    [{ abstract: 'a' }, 'missing title'],
    [{ title: '  ', abstract: 'a' }, 'missing title'],
    [{ title: 't' }, 'missing abstract'],
    [{ title: 't', abstract: null }, 'missing abstract'],
    [{ title: ['t'], abstract: 'a' }, 'title is not a string'],
    [{ title: 't', abstract: 'a', id: { x: 1 } }, 'id is not a string or an integer'],
    [{ title: 't', abstract: 'a', authors: 7 }, 'authors is not a string or a list of names'],
    [
      { title: 't', abstract: 'a', categories: [1] },
      'categories is not a string or a list of strings',
    ],
    [{ title: 't', abstract: 'a', url: 5 }, 'url is not a string'],
    ['text', 'record is not an object'],
    [null, 'record is not an object'],
  ])('rejects %j: %s', (record, reason) => {
    expect(mapRecord(record)).toEqual({ ok: false, reason });
  });
});

describe('recordEvent', () => {
  it('carries the position into both kinds of event', () => {
    const position = { file: 'x.jsonl', line: 3 };
    expect(recordEvent({ title: 't', abstract: 'a' }, position)).toMatchObject({
      kind: 'paper',
      ...position,
    });
    expect(recordEvent({ title: 't' }, position)).toEqual({
      kind: 'skip',
      reason: 'missing abstract',
      ...position,
    });
  });
});
