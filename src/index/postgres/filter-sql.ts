import { authorQueryKey, facetKey, isEmptyFilter, type Restriction } from '../filter.js';

/** Positional parameters of one statement: values are bound, never spliced into SQL. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The restriction as SQL conditions over a generation's rows (AND-ed by the caller). Facet
 * keys are normalised as the rows' keys were (src/index/filter.ts), so `cs` finds `cs.LG` and
 * `balazs` finds "C. Balázs" through the GIN-indexed key arrays.
 */
export function restrictionConditions(
  restriction: Restriction | undefined,
  params: SqlParams,
): string[] {
  const conditions: string[] = [];
  const filter = restriction?.filter;
  if (filter && !isEmptyFilter(filter)) {
    if (filter.yearFrom !== undefined)
      conditions.push(`year >= ${params.add(checkYear(filter.yearFrom))}`);
    if (filter.yearTo !== undefined)
      conditions.push(`year <= ${params.add(checkYear(filter.yearTo))}`);
    if (filter.since !== undefined)
      conditions.push(`published >= ${params.add(checkDate(filter.since))}`);
    if (filter.until !== undefined)
      conditions.push(`published <= ${params.add(checkDate(filter.until))}`);
    if (filter.categories?.length) {
      conditions.push(`category_keys && ${params.add(filter.categories.map(facetKey))}::text[]`);
    }
    if (filter.authors?.length) {
      conditions.push(`author_keys && ${params.add(filter.authors.map(authorQueryKey))}::text[]`);
    }
  }
  if (restriction?.exclude?.size) {
    conditions.push(`label <> ALL(${params.add([...restriction.exclude])}::int[])`);
  }
  return conditions;
}

/** True when the restriction can drop papers, so fewer than k may pass an approximate scan. */
export function restricts(restriction: Restriction | undefined): boolean {
  return !isEmptyFilter(restriction?.filter) || (restriction?.exclude?.size ?? 0) > 0;
}

function checkYear(year: number): number {
  if (!Number.isInteger(year)) throw new RangeError(`filter year must be an integer, got ${year}`);
  return year;
}

function checkDate(date: string): string {
  if (!ISO_DATE.test(date))
    throw new RangeError(`filter date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return date;
}
