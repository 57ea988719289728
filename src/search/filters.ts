import { normalizeWhitespace } from '../corpus/paper.js';
import type { FilterFacts } from '../index/paper-store.js';
import type { LabelFilter } from '../index/vector-graph.js';

/** What a caller may restrict results to. Fields combine with AND; list entries with OR. */
export interface SearchFilters {
  yearFrom?: number;
  yearTo?: number;
  categories?: string[];
  authors?: string[];
}

/**
 * A compiled filter: a predicate for the graph search, an upper bound on how many papers
 * pass (cheap, from posting sizes), and the exact candidate list when a scan is wanted.
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

const NO_YEAR = 0;

/** Case- and spacing-insensitive key for categories and author names. */
export function facetKey(value: string): string {
  return normalizeWhitespace(value).toLowerCase();
}

/**
 * In-memory filter facts of one loaded index, built once from the store. Postings are sorted
 * label arrays (compact, binary-searchable); years sit in a label-indexed typed array.
 */
export class FilterIndex {
  private readonly sortedYears: number[];

  private constructor(
    private readonly yearOf: Int16Array,
    private readonly byYear: Map<number, Int32Array>,
    private readonly byCategory: Map<string, Int32Array>,
    private readonly byAuthor: Map<string, Int32Array>,
  ) {
    this.sortedYears = [...byYear.keys()].sort((a, b) => a - b);
  }

  static build(facts: Iterable<FilterFacts>): FilterIndex {
    const years = new Map<number, number[]>();
    const categories = new Map<string, number[]>();
    const authors = new Map<string, number[]>();
    const yearByLabel: Array<[number, number]> = [];
    let maxLabel = -1;
    for (const fact of facts) {
      maxLabel = Math.max(maxLabel, fact.label);
      if (fact.year !== null) {
        yearByLabel.push([fact.label, fact.year]);
        append(years, fact.year, fact.label);
      }
      for (const c of new Set(fact.categories.map(facetKey))) append(categories, c, fact.label);
      for (const a of new Set(fact.authors.map(facetKey))) append(authors, a, fact.label);
    }
    const yearOf = new Int16Array(maxLabel + 1).fill(NO_YEAR);
    for (const [label, year] of yearByLabel) yearOf[label] = year;
    return new FilterIndex(yearOf, postings(years), postings(categories), postings(authors));
  }

  /**
   * Facts of papers written through the API since the version was built, kept in a small
   * index of their own (rebuilt on each write) so the large one stays immutable. Their
   * labels lie above every label of this index.
   */
  private pending: FilterIndex | null = null;

  setPending(facts: Iterable<FilterFacts>): void {
    this.pending = FilterIndex.build(facts);
  }

  /** Null when nothing is filtered, so callers take the unfiltered fast path. */
  compile(filters: SearchFilters): LabelSelection | null {
    const own = this.compileOwn(filters);
    const pending = own && this.pending?.compileOwn(filters);
    if (!own || !pending || pending.estimate === 0) return own;
    return {
      accepts: (label) => own.accepts(label) || pending.accepts(label),
      estimate: own.estimate + pending.estimate,
      candidates: () => [...own.candidates(), ...pending.candidates()],
    };
  }

  private compileOwn(filters: SearchFilters): LabelSelection | null {
    const constraints = [
      this.yearConstraint(filters.yearFrom, filters.yearTo),
      keyConstraint(this.byCategory, filters.categories),
      keyConstraint(this.byAuthor, filters.authors),
    ].filter((c): c is Constraint => c !== null);
    if (constraints.length === 0) return null;
    constraints.sort((a, b) => a.count - b.count);
    const accepts = (label: number) => constraints.every((c) => c.has(label));
    return {
      accepts,
      estimate: constraints[0].count,
      candidates: () => candidatesOf(constraints[0], accepts),
    };
  }

  private yearConstraint(from: number | undefined, to: number | undefined): Constraint | null {
    if (from === undefined && to === undefined) return null;
    const lo = from ?? -Infinity;
    const hi = to ?? Infinity;
    const buckets = this.sortedYears
      .filter((y) => y >= lo && y <= hi)
      .map((y) => this.byYear.get(y) as Int32Array);
    const { yearOf } = this;
    return {
      count: buckets.reduce((n, b) => n + b.length, 0),
      has: (label) => {
        const year = yearOf[label] ?? NO_YEAR;
        return year !== NO_YEAR && year >= lo && year <= hi;
      },
      labels: () => buckets.flatMap((b) => [...b]),
    };
  }
}

function keyConstraint(
  index: Map<string, Int32Array>,
  values: string[] | undefined,
): Constraint | null {
  if (!values || values.length === 0) return null;
  const lists = [...new Set(values.map(facetKey))]
    .map((key) => index.get(key))
    .filter((list): list is Int32Array => list !== undefined);
  return {
    count: lists.reduce((n, l) => n + l.length, 0),
    has: (label) => lists.some((list) => contains(list, label)),
    labels: () => lists.flatMap((l) => [...l]),
  };
}

/** Labels of the most selective constraint that pass every constraint, once each. */
function candidatesOf(driver: Constraint, accepts: LabelFilter): number[] {
  const out = new Set<number>();
  for (const label of driver.labels()) if (accepts(label)) out.add(label);
  return [...out];
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

function contains(sorted: Int32Array, label: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = sorted[mid];
    if (value === label) return true;
    if (value < label) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
