import { describe, expect, it } from 'vitest';
import type { FilterFacts } from '../../src/index/paper-store.js';
import { FilterIndex } from '../../src/search/filters.js';

const FACTS: FilterFacts[] = [
  { label: 0, year: 2019, categories: ['cs.LG'], authors: ['Ada Lovelace'] },
  { label: 1, year: 2021, categories: ['cs.CL', 'cs.LG'], authors: ['Alan Turing'] },
  { label: 2, year: 2023, categories: ['cs.CV'], authors: ['Ada  Lovelace', 'Grace Hopper'] },
  { label: 3, year: null, categories: [], authors: [] },
  { label: 4, year: 2023, categories: ['stat.ML'], authors: ['Grace Hopper'] },
];

const index = FilterIndex.build(FACTS);
const passing = (filters: Parameters<FilterIndex['compile']>[0]) => {
  const selection = index.compile(filters);
  if (!selection) throw new Error('expected a selection');
  return FACTS.map((f) => f.label).filter(selection.accepts);
};

describe('FilterIndex', () => {
  it('compiles an empty filter to null, the unfiltered fast path', () => {
    expect(index.compile({})).toBeNull();
    expect(index.compile({ categories: [], authors: [] })).toBeNull();
  });

  it('keeps papers inside an inclusive year range and drops papers without a year', () => {
    expect(passing({ yearFrom: 2021, yearTo: 2023 })).toEqual([1, 2, 4]);
    expect(passing({ yearFrom: 2022 })).toEqual([2, 4]);
    expect(passing({ yearTo: 2019 })).toEqual([0]);
  });

  it('matches categories and authors case- and spacing-insensitively, any of a list', () => {
    expect(passing({ categories: ['CS.lg'] })).toEqual([0, 1]);
    expect(passing({ categories: ['cs.cv', 'stat.ml'] })).toEqual([2, 4]);
    expect(passing({ authors: ['ada lovelace'] })).toEqual([0, 2]);
    expect(passing({ authors: ['Nobody'] })).toEqual([]);
  });

  it('combines different fields with AND', () => {
    expect(passing({ yearFrom: 2020, categories: ['cs.LG'] })).toEqual([1]);
    expect(passing({ authors: ['Grace Hopper'], categories: ['cs.CV'] })).toEqual([2]);
  });

  it('estimates from the most selective field and lists exactly the passing candidates', () => {
    const selection = index.compile({ yearFrom: 2019, authors: ['Alan Turing'] });
    expect(selection?.estimate).toBe(1);
    expect(selection?.candidates()).toEqual([1]);
    const overlapping = index.compile({ categories: ['cs.LG', 'cs.CL'] });
    expect(overlapping?.candidates().sort()).toEqual([0, 1]);
  });

  it('treats labels it never saw as not matching', () => {
    expect(index.compile({ yearFrom: 2000 })?.accepts(99)).toBe(false);
    expect(index.compile({ categories: ['cs.LG'] })?.accepts(99)).toBe(false);
  });
});
