import {
  authorKeys,
  authorQueryKey,
  categoryKeys,
  dateNumber,
  dateRange,
  facetKey,
  isEmptyFilter,
  type SearchFilter,
} from '../filter.js';
import type { FacetRow } from './sqlite-records.js';
import type { LabelFilter } from '../vector-graph.js';

/**
 * A compiled filter: a predicate for graph and posting-list searches, an upper bound on how many
 * papers pass (cheap, from posting sizes), and the exact candidate list when a scan is wanted.
 */
export interface LabelSelection {
  accepts: LabelFilter;
  estimate: number;
  candidates(): number[];
}

/** One restriction with its cardinality and its labels, so the smallest can drive a scan. */
interface Constraint {
  count: number;
  has(label: number): boolean;
  labels(): Iterable<number>;
}

const NO_DATE = 0;

/**
 * The embedded engine's filters: facet postings of one loaded version, built once from its
 * records. Category and author postings are sorted label arrays under every key a value is
 * found by (category prefixes; full and last names), so a filter value is one lookup. Dates
 * sit in a label-indexed typed array and, sorted, in a parallel array for range scans.
 */
export class FacetIndex {
  private constructor(
    private readonly dateOf: Int32Array,
    private readonly datesSorted: Int32Array,
    private readonly labelsByDate: Int32Array,
    private readonly byCategory: Map<string, Int32Array>,
    private readonly byAuthor: Map<string, Int32Array>,
  ) {}

  static build(rows: Iterable<FacetRow>): FacetIndex {
    const categories = new Map<string, number[]>();
    const authors = new Map<string, number[]>();
    const dated: Array<[number, number]> = [];
    let maxLabel = -1;
    for (const row of rows) {
      maxLabel = Math.max(maxLabel, row.label);
      const date = dateNumber(row.published);
      if (date !== NO_DATE) dated.push([row.label, date]);
      for (const key of new Set(row.categories.flatMap(categoryKeys)))
        append(categories, key, row.label);
      for (const key of new Set(row.authors.flatMap(authorKeys))) append(authors, key, row.label);
    }
    const dateOf = new Int32Array(maxLabel + 1);
    for (const [label, date] of dated) dateOf[label] = date;
    dated.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    return new FacetIndex(
      dateOf,
      Int32Array.from(dated, ([, date]) => date),
      Int32Array.from(dated, ([label]) => label),
      postings(categories),
      postings(authors),
    );
  }

  /**
   * This index with the facts of `changed` labels replaced by `rows` (a changed label without a
   * row is gone): what an update did, applied without reading every record again.
   */
  withChanges(changed: readonly number[], rows: readonly FacetRow[]): FacetIndex {
    let maxLabel = this.dateOf.length - 1;
    for (const label of changed) maxLabel = Math.max(maxLabel, label);
    const isChanged = new Uint8Array(maxLabel + 1);
    for (const label of changed) isChanged[label] = 1;
    const added = FacetIndex.build(rows);
    const dateOf = new Int32Array(maxLabel + 1);
    dateOf.set(this.dateOf);
    for (const label of changed) dateOf[label] = added.dateOf[label] ?? NO_DATE;
    const kept = (label: number) => isChanged[label] === 0;
    const dated = mergeDated(filterPairs(this.labelsByDate, this.datesSorted, kept), {
      labels: added.labelsByDate,
      dates: added.datesSorted,
    });
    return new FacetIndex(
      dateOf,
      dated.dates,
      dated.labels,
      mergePostings(this.byCategory, added.byCategory, kept),
      mergePostings(this.byAuthor, added.byAuthor, kept),
    );
  }

  /** Null when nothing is filtered, so callers take the unfiltered fast path. */
  compile(filter: SearchFilter | undefined): LabelSelection | null {
    if (!filter || isEmptyFilter(filter)) return null;
    const constraints = [
      this.dateConstraint(filter),
      keyConstraint(this.byCategory, filter.categories?.map(facetKey)),
      keyConstraint(this.byAuthor, filter.authors?.map(authorQueryKey)),
    ].filter((c): c is Constraint => c !== null);
    constraints.sort((a, b) => a.count - b.count);
    const accepts = (label: number) => constraints.every((c) => c.has(label));
    return {
      accepts,
      estimate: constraints[0].count,
      candidates: () => candidatesOf(constraints[0], accepts),
    };
  }

  private dateConstraint(filter: SearchFilter): Constraint | null {
    const range = dateRange(filter);
    if (!range) return null;
    const [lo, hi] = range;
    const start = lowerBound(this.datesSorted, lo);
    const end = lowerBound(this.datesSorted, hi + 1);
    const { dateOf, labelsByDate } = this;
    return {
      count: Math.max(0, end - start),
      has: (label) => {
        const date = dateOf[label] ?? NO_DATE;
        return date !== NO_DATE && date >= lo && date <= hi;
      },
      labels: () => labelsByDate.subarray(start, Math.max(start, end)),
    };
  }
}

function keyConstraint(
  index: Map<string, Int32Array>,
  keys: string[] | undefined,
): Constraint | null {
  if (!keys || keys.length === 0) return null;
  const lists = [...new Set(keys)]
    .map((key) => index.get(key))
    .filter((list): list is Int32Array => list !== undefined);
  return {
    count: lists.reduce((n, l) => n + l.length, 0),
    has: (label) => lists.some((list) => contains(list, label)),
    labels: () => lists.flatMap((l) => [...l]),
  };
}

/** Labels of the most selective constraint that pass every constraint, once each, ascending. */
function candidatesOf(driver: Constraint, accepts: LabelFilter): number[] {
  const out = new Set<number>();
  for (const label of driver.labels()) if (accepts(label)) out.add(label);
  return [...out].sort((a, b) => a - b);
}

function append<K>(map: Map<K, number[]>, key: K, label: number): void {
  const list = map.get(key);
  if (list) list.push(label);
  else map.set(key, [label]);
}

function postings<K>(lists: Map<K, number[]>): Map<K, Int32Array> {
  const out = new Map<K, Int32Array>();
  for (const [key, labels] of lists) out.set(key, Int32Array.from(labels).sort());
  return out;
}

interface Dated {
  labels: Int32Array;
  dates: Int32Array;
}

function filterPairs(labels: Int32Array, dates: Int32Array, keep: LabelFilter): Dated {
  const out = { labels: new Int32Array(labels.length), dates: new Int32Array(labels.length) };
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!keep(labels[i])) continue;
    out.labels[n] = labels[i];
    out.dates[n++] = dates[i];
  }
  return { labels: out.labels.subarray(0, n), dates: out.dates.subarray(0, n) };
}

/** Two date-sorted lists as one, ordered by date then label as build orders them. */
function mergeDated(a: Dated, b: Dated): Dated {
  const n = a.labels.length + b.labels.length;
  const out = { labels: new Int32Array(n), dates: new Int32Array(n) };
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const takeA =
      j >= b.labels.length ||
      (i < a.labels.length &&
        (a.dates[i] < b.dates[j] || (a.dates[i] === b.dates[j] && a.labels[i] < b.labels[j])));
    const [from, at] = takeA ? [a, i++] : [b, j++];
    out.labels[k] = from.labels[at];
    out.dates[k] = from.dates[at];
  }
  return out;
}

/** Every key's kept labels plus the added ones, sorted; keys left with none are dropped. */
function mergePostings<K>(
  base: Map<K, Int32Array>,
  added: Map<K, Int32Array>,
  keep: LabelFilter,
): Map<K, Int32Array> {
  const out = new Map<K, Int32Array>();
  for (const [key, labels] of base) {
    const kept = labels.every(keep) ? labels : labels.filter(keep);
    const extra = added.get(key);
    const merged = extra ? Int32Array.from([...kept, ...extra]).sort() : kept;
    if (merged.length > 0) out.set(key, merged);
  }
  for (const [key, labels] of added) if (!base.has(key)) out.set(key, labels);
  return out;
}

/** First index whose value is >= target. */
function lowerBound(sorted: Int32Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function contains(sorted: Int32Array, label: number): boolean {
  const i = lowerBound(sorted, label);
  return i < sorted.length && sorted[i] === label;
}
