import { z } from 'zod';
import type { SearchFilter } from '../index/filter.js';
import { DEFAULT_MODE, RANK_MODES } from '../search/rank-mode.js';
import type { ApiLimits } from './api-limits.js';
import { paperBody } from './paper-body.js';

/**
 * Every request schema, parsing straight into what the search service takes. The
 * descriptions and bounds here are also what the OpenAPI document says (see openapi.ts).
 */
export function createSchemas(limits: ApiLimits) {
  const { maxQueryChars, maxK, defaultK, maxIds, maxIdChars, minYear, maxYear } = limits;
  const between = (min: number, max: number) =>
    z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

  const queryText = z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxQueryChars, `must be at most ${maxQueryChars} characters`)
    .meta({ description: 'The search text (trimmed; must not be empty).' });
  const kDescription = 'How many results.';
  const kParam = intParam(between(1, maxK), defaultK).meta({
    description: `${kDescription} Plain digits.`,
  });
  const kBody = between(1, maxK).default(defaultK).meta({ description: kDescription });
  const year = between(minYear, maxYear);
  const paperId = z.string().min(1).max(maxIdChars, `must be at most ${maxIdChars} characters`);
  const paperIds = z.array(paperId).max(maxIds, `must list at most ${maxIds} paper ids`);

  const yearParams = {
    year_from: intParam(year).optional().meta({ description: YEAR_FROM }),
    year_to: intParam(year).optional().meta({ description: YEAR_TO }),
  };
  const filterParams = {
    ...yearParams,
    category: listParam(true).optional().meta({
      description: 'Categories to keep: repeat the parameter or give a comma-separated list.',
      param: REPEATABLE,
    }),
    author: listParam(false).optional().meta({
      description: 'Authors to keep (exact names); repeat the parameter for several.',
      param: REPEATABLE,
    }),
  };
  const queryOptions = { k: kParam, mode, explain: explainParam, ...filterParams };

  const filtersBody = z
    .strictObject({
      year_from: year.optional().meta({ description: YEAR_FROM }),
      year_to: year.optional().meta({ description: YEAR_TO }),
      categories: facetList.optional(),
      authors: facetList.optional(),
    })
    .refine(yearOrder.check, yearOrder.message)
    .meta({ description: 'Only papers matching every given filter are ranked.' });
  const bodyOptions = { k: kBody, mode, explain: explainBody, filters: filtersBody.optional() };

  return {
    searchQuery: z
      .strictObject({ q: queryText, ...queryOptions })
      .refine(yearOrder.check, yearOrder.message)
      .transform((p) => ({
        text: p.q,
        k: p.k,
        mode: p.mode,
        explain: p.explain,
        filters: filtersFromParams(p),
      })),

    searchBody: z.strictObject({ query: queryText, ...bodyOptions }).transform((b) => ({
      text: b.query,
      k: b.k,
      mode: b.mode,
      explain: b.explain,
      filters: b.filters && toFilters(b.filters),
    })),

    relatedQuery: z
      .strictObject(queryOptions)
      .refine(yearOrder.check, yearOrder.message)
      .transform((p) => ({
        k: p.k,
        mode: p.mode,
        explain: p.explain,
        filters: filtersFromParams(p),
      })),

    recommendBody: z
      .strictObject({
        positive: paperIds.min(1, 'needs at least one paper id').meta({
          description: 'Papers the results should be like.',
        }),
        negative: paperIds.default([]).meta({
          description: 'Papers the results should be unlike.',
        }),
        ...bodyOptions,
      })
      .refine((b) => !b.positive.some((id) => b.negative.includes(id)), {
        message: 'a paper cannot be both positive and negative',
        path: ['negative'],
      })
      .transform((b) => ({
        positive: [...new Set(b.positive)],
        negative: [...new Set(b.negative)],
        k: b.k,
        mode: b.mode,
        explain: b.explain,
        filters: b.filters && toFilters(b.filters),
      })),

    paperId: paperId.meta({ description: 'A paper id.', param: { id: 'PaperId' } }),

    paperBody: paperBody(limits),
  };
}

export type Schemas = ReturnType<typeof createSchemas>;

const YEAR_FROM = 'Earliest publication year, inclusive.';
const YEAR_TO = 'Latest publication year, inclusive; not before year_from.';
/** A repeatable query parameter (`?author=A&author=B`). */
const REPEATABLE = { style: 'form', explode: true } as const;

/**
 * A query-string integer: it arrives as text and only plain digits are accepted. Documented
 * as the integer it stands for, with `value`'s bounds.
 */
function intParam(value: z.ZodNumber, fallback?: number) {
  const digits = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(value);
  const { minValue, maxValue } = value;
  const documented = { type: 'integer', minimum: minValue, maximum: maxValue };
  if (fallback === undefined) {
    return digits.meta({ override: documentedAs(documented) });
  }
  return digits.default(fallback).meta({
    override: documentedAs({ ...documented, default: fallback }),
  });
}

/** For the document: replaces what zod derives from the wire form with what it means. */
const documentedAs =
  (documented: object) =>
  ({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void => {
    delete jsonSchema.pattern;
    delete jsonSchema.anyOf;
    Object.assign(jsonSchema, documented);
  };

/** A repeatable query parameter; with `commas`, each value may also be a comma list. */
const listParam = (commas: boolean) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      [v]
        .flat()
        .flatMap((s) => (commas ? s.split(',') : [s]))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .meta({
      override: documentedAs({ type: 'array', items: { type: 'string' } }),
    });

/** `mode` and `explain`, the same in query strings and bodies except for explain's type. */
const mode = z.enum(RANK_MODES).default(DEFAULT_MODE).meta({ description: 'How to rank.' });
const EXPLAIN = 'Attach an explanation to every result.';
const explainParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default(false)
  .meta({
    description: EXPLAIN,
    override: documentedAs({ default: 'false' }),
  });
const explainBody = z.boolean().default(false).meta({ description: EXPLAIN });

const facetList = z.array(z.string().trim().min(1).max(200)).max(50);

interface RawFilters {
  year_from?: number;
  year_to?: number;
  categories?: string[];
  authors?: string[];
}

const yearOrder = {
  check: (f: RawFilters) =>
    f.year_from === undefined || f.year_to === undefined || f.year_from <= f.year_to,
  message: { message: 'year_from must not be after year_to', path: ['year_from'] },
};

function toFilters(raw: RawFilters): SearchFilter | undefined {
  const filters: SearchFilter = {
    yearFrom: raw.year_from,
    yearTo: raw.year_to,
    categories: raw.categories?.length ? raw.categories : undefined,
    authors: raw.authors?.length ? raw.authors : undefined,
  };
  return Object.values(filters).some((v) => v !== undefined) ? filters : undefined;
}

/** GET filters: `year_from`, `year_to`, `category` (repeatable or comma list), `author`. */
function filtersFromParams(p: {
  year_from?: number;
  year_to?: number;
  category?: string[];
  author?: string[];
}): SearchFilter | undefined {
  return toFilters({ ...p, categories: p.category, authors: p.author });
}
