import { describe, expect, it } from 'vitest';
import { FacetIndex } from '../../../src/index/embedded/facet-index.js';
import type { FacetRow } from '../../../src/index/embedded/sqlite-records.js';
import { paperMatches, type SearchFilter } from '../../../src/index/filter.js';
import { mulberry32 } from '../../../src/util/prng.js';

const ROWS: FacetRow[] = [
  { label: 0, published: '2019-03-01', categories: ['cs.LG'], authors: ['Ada Lovelace'] },
  { label: 1, published: '2021-07-15', categories: ['cs.CL', 'cs.LG'], authors: ['Alan Turing'] },
  {
    label: 2,
    published: '2023-01-02',
    categories: ['cs.CV'],
    authors: ['Ada  Lovelace', 'Grace Hopper'],
  },
  { label: 3, published: null, categories: [], authors: [] },
  { label: 4, published: '2023-12-31', categories: ['stat.ML'], authors: ['Grace Hopper'] },
  {
    label: 5,
    published: '2008-05-05',
    categories: ['math.CO'],
    authors: ['C. Balázs', 'Louis Theran'],
  },
  { label: 6, published: '2024', categories: ['hep-th', 'math-ph'], authors: ['Ruth Müller'] },
];

const index = FacetIndex.build(ROWS);
const passing = (filter: SearchFilter) => {
  const selection = index.compile(filter);
  if (!selection) throw new Error('expected a selection');
  return ROWS.map((f) => f.label).filter(selection.accepts);
};

describe('FacetIndex', () => {
  it('compiles an empty filter to null, the unfiltered fast path', () => {
    expect(index.compile({})).toBeNull();
    expect(index.compile(undefined)).toBeNull();
    expect(index.compile({ categories: [], authors: [] })).toBeNull();
  });

  it('keeps papers inside an inclusive year or date range and drops papers without a date', () => {
    expect(passing({ yearFrom: 2021, yearTo: 2023 })).toEqual([1, 2, 4]);
    expect(passing({ yearFrom: 2022 })).toEqual([2, 4, 6]);
    expect(passing({ yearTo: 2019 })).toEqual([0, 5]);
    expect(passing({ since: '2023-01-02', until: '2023-12-30' })).toEqual([2]);
    expect(passing({ since: '2023-06-01', yearTo: 2023 })).toEqual([4]);
  });

  it('matches a category class and everything below it, case-insensitively', () => {
    expect(passing({ categories: ['CS.lg'] })).toEqual([0, 1]);
    expect(passing({ categories: ['cs'] })).toEqual([0, 1, 2]);
    expect(passing({ categories: ['math'] })).toEqual([5]);
    expect(passing({ categories: ['math-ph'] })).toEqual([6]);
    expect(passing({ categories: ['cs.cv', 'stat'] })).toEqual([2, 4]);
    expect(passing({ categories: ['c'] })).toEqual([]);
  });

  it('finds authors by full or last name, ignoring case, accents, spacing and initials dots', () => {
    expect(passing({ authors: ['ada lovelace'] })).toEqual([0, 2]);
    expect(passing({ authors: ['Theran'] })).toEqual([5]);
    expect(passing({ authors: ['Balazs'] })).toEqual([5]);
    expect(passing({ authors: ['c balazs'] })).toEqual([5]);
    expect(passing({ authors: ['mueller', 'Muller'] })).toEqual([6]);
    expect(passing({ authors: ['Nobody'] })).toEqual([]);
  });

  it('combines different fields with AND', () => {
    expect(passing({ yearFrom: 2020, categories: ['cs.LG'] })).toEqual([1]);
    expect(passing({ authors: ['Hopper'], categories: ['cs.CV'] })).toEqual([2]);
  });

  it('estimates from the most selective field and lists exactly the passing candidates', () => {
    const selection = index.compile({ yearFrom: 2019, authors: ['Alan Turing'] });
    expect(selection?.estimate).toBe(1);
    expect(selection?.candidates()).toEqual([1]);
    expect(index.compile({ categories: ['cs.LG', 'cs.CL'] })?.candidates()).toEqual([0, 1]);
  });

  it('treats labels it never saw as not matching', () => {
    expect(index.compile({ yearFrom: 2000 })?.accepts(99)).toBe(false);
    expect(index.compile({ categories: ['cs.LG'] })?.accepts(99)).toBe(false);
  });

  it('agrees with the reference semantics on random papers and filters', () => {
    const random = mulberry32(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const cats = ['cs.LG', 'cs.AI', 'math.CO', 'math-ph', 'stat.ML', 'q-bio.NC'];
    const names = ['Ada Lovelace', 'José Núñez', 'K. Gödel', 'Grace Hopper', 'Li Wei'];
    const rows: FacetRow[] = Array.from({ length: 300 }, (_, label) => ({
      label,
      published:
        random() < 0.1
          ? null
          : `${1990 + Math.floor(random() * 35)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      categories: Array.from({ length: Math.floor(random() * 3) }, () => pick(cats)),
      authors: Array.from({ length: Math.floor(random() * 3) }, () => pick(names)),
    }));
    const facets = FacetIndex.build(rows);
    const filters: SearchFilter[] = [
      { categories: ['math'] },
      { categories: ['cs', 'q-bio.NC'], yearFrom: 2000 },
      { authors: ['nunez'], until: '2010-06-01' },
      { authors: ['Godel', 'li wei'], since: '2005-03-15', yearTo: 2020 },
      { yearFrom: 2010, yearTo: 2012, categories: ['stat'] },
    ];
    for (const filter of filters) {
      const selection = facets.compile(filter);
      const expected = rows.filter((r) => paperMatches(r, filter)).map((r) => r.label);
      expect(rows.map((r) => r.label).filter((l) => selection?.accepts(l))).toEqual(expected);
      expect(selection?.candidates()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  });
});

describe('FacetIndex.withChanges', () => {
  it('equals an index built from the changed rows, for every filter', () => {
    const changed = [1, 3, 5, 9];
    const replaced: FacetRow[] = [
      { label: 1, published: '2005-01-01', categories: ['math.AG'], authors: ['Emmy Noether'] },
      { label: 9, published: '2021-07-15', categories: ['cs.LG'], authors: ['Ada Lovelace'] },
    ];
    const after = [...ROWS.filter((r) => !changed.includes(r.label)), ...replaced].sort(
      (a, b) => a.label - b.label,
    );
    const updated = index.withChanges(changed, replaced);
    const rebuilt = FacetIndex.build(after);
    const filters: SearchFilter[] = [
      { categories: ['cs'] },
      { categories: ['math'] },
      { categories: ['math.CO'] },
      { authors: ['lovelace'] },
      { authors: ['balazs'] },
      { authors: ['Emmy Noether'] },
      { yearFrom: 2019, yearTo: 2022 },
      { since: '2000-01-01' },
      { yearTo: 2010, categories: ['math'] },
    ];
    for (const filter of filters) {
      const [a, b] = [updated.compile(filter), rebuilt.compile(filter)];
      expect(a?.candidates(), JSON.stringify(filter)).toEqual(b?.candidates());
      expect(a?.estimate, JSON.stringify(filter)).toBe(b?.estimate);
      for (let label = 0; label < 12; label++) expect(a?.accepts(label)).toBe(b?.accepts(label));
    }
  });
});
