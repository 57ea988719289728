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
  /**
   * The query vector is free text's, not a paper's: a graph searches wider for it, since a
   * short query's vector sits apart from every paper's and greedy search loses its way there.
   */
  freeText?: boolean;
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

/** Dates are compared as yyyymmdd integers; 0 means none. */
/** The inclusive yyyymmdd range a filter's years and dates allow; null when unbounded. */
export function dateRange(filter: SearchFilter): [number, number] | null {
  const bounds = [
    filter.yearFrom === undefined ? null : filter.yearFrom * 10_000 + 101,
    filter.since === undefined ? null : dateNumber(filter.since),
  ].filter((b): b is number => b !== null);
  const upper = [
    filter.yearTo === undefined ? null : filter.yearTo * 10_000 + 1231,
    filter.until === undefined ? null : dateNumber(filter.until),
  ].filter((b): b is number => b !== null);
  if (bounds.length === 0 && upper.length === 0) return null;
  return [Math.max(1, ...bounds), Math.min(99_991_231, ...upper)];
}

/** `2024-04-03` → 20240403; a year alone or year-month counts from its first day. */
export function dateNumber(date: string | null): number {
  if (!date) return 0;
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!match) return 0;
  return Number(match[1]) * 10_000 + Number(match[2] ?? 1) * 100 + Number(match[3] ?? 1);
}

/**
 * Whether one paper passes a filter: the reference semantics every engine's translation must
 * agree with, and how papers held in memory (API writes not yet indexed) are filtered.
 */
export function paperMatches(
  paper: { published: string | null; categories: readonly string[]; authors: readonly string[] },
  filter: SearchFilter | undefined,
): boolean {
  if (!filter) return true;
  const range = dateRange(filter);
  if (range) {
    const date = dateNumber(paper.published);
    if (date === 0 || date < range[0] || date > range[1]) return false;
  }
  if (filter.categories?.length) {
    const keys = new Set(paper.categories.flatMap(categoryKeys));
    if (!filter.categories.some((c) => keys.has(facetKey(c)))) return false;
  }
  if (filter.authors?.length) {
    const keys = new Set(paper.authors.flatMap(authorKeys));
    if (!filter.authors.some((a) => keys.has(authorQueryKey(a)))) return false;
  }
  return true;
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
