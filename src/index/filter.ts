import { normalizeWhitespace } from '../corpus/paper.js';

/**
 * What a caller may restrict results to, as data: every engine translates it natively (label
 * postings in memory for the embedded files, SQL predicates for Postgres). Fields combine with
 * AND; the entries of one list with OR.
 */
export interface SearchFilter {
  yearFrom?: number;
  yearTo?: number;
  /** Published on or after this ISO date (YYYY-MM-DD). */
  since?: string;
  /** Published on or before this ISO date (YYYY-MM-DD). */
  until?: string;
  /** A class or any class below it: `cs` matches `cs.LG`, `math` matches `math.CO`. */
  categories?: string[];
  /** A full name or a last name, case- and accent-insensitive: `balazs` finds "C. Balázs". */
  authors?: string[];
}

/** A filter plus the papers never to return (the ones a query was made from, hidden ones). */
export interface Restriction {
  filter?: SearchFilter;
  exclude?: ReadonlySet<number>;
}

/** True when the filter restricts nothing, so engines take their unfiltered path. */
export function isEmptyFilter(filter: SearchFilter | undefined): boolean {
  if (!filter) return true;
  return (
    filter.yearFrom === undefined &&
    filter.yearTo === undefined &&
    filter.since === undefined &&
    filter.until === undefined &&
    !filter.categories?.length &&
    !filter.authors?.length
  );
}

/** Lower case, accents stripped, whitespace collapsed: how facet values are compared. */
export function facetKey(value: string): string {
  return normalizeWhitespace(
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
  );
}

/**
 * The keys an author is found by: the full name and the last name ("Louis Theran" → "louis
 * theran", "theran"). A query value is matched against these keys as one key.
 */
export function authorKeys(name: string): string[] {
  const full = facetKey(name.replace(/[.,]/g, ' '));
  if (full === '') return [];
  const last = full.split(' ').at(-1) as string;
  return last === full ? [full] : [full, last];
}

/** The key an author filter value is looked up by (dots and commas as in authorKeys). */
export function authorQueryKey(value: string): string {
  return facetKey(value.replace(/[.,]/g, ' '));
}

/**
 * The keys a category is found by: itself and every dotted prefix ("cs.LG" → "cs", "cs.lg";
 * "math-ph" → "math-ph"). A filter value matches a paper when it equals one of its keys.
 */
export function categoryKeys(category: string): string[] {
  const key = facetKey(category);
  if (key === '') return [];
  const parts = key.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}
