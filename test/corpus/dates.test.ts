import { describe, expect, it } from 'vitest';
import { isoDate, monthNumber, normalizePublished } from '../../src/corpus/dates.js';

describe('normalizePublished', () => {
  it.each([
    ['2023-05-17', '2023-05-17'],
    ['2023-05-17T23:30:00-05:00', '2023-05-17'],
    ['2023-5-7', '2023-05-07'],
    ['2023/05/17', '2023-05-17'],
    ['2019', '2019-01-01'],
    ['2020-07', '2020-07-01'],
    ['Mon, 2 Apr 2007 19:18:42 GMT', '2007-04-02'],
    ['Dec 5, 2023', '2023-12-05'],
    ['5 December 2023', '2023-12-05'],
    ['Sept 2020', '2020-09-01'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizePublished(input)).toBe(expected);
  });

  it('accepts an integer year', () => {
    expect(normalizePublished(2019)).toBe('2019-01-01');
  });

  it.each([
    ['a date without a year', 'Jan 8'],
    ['an impossible day', '2023-02-30'],
    ['prose', 'not a date'],
    ['an empty string', ' '],
    ['a fractional number', 2023.5],
    ['an object', { year: 2020 }],
    ['null', null],
  ])('gives null for %s', (_label, input) => {
    expect(normalizePublished(input)).toBeNull();
  });
});

describe('monthNumber and isoDate', () => {
  it('knows month names and their abbreviations only', () => {
    expect([monthNumber('Mar'), monthNumber('march'), monthNumber('Sept')]).toEqual([3, 3, 9]);
    expect([monthNumber('Ma'), monthNumber('Marchy'), monthNumber('Foo')]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('rejects dates outside the calendar', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29');
    expect(isoDate(2023, 2, 29)).toBeNull();
    expect(isoDate(999)).toBeNull();
  });
});
