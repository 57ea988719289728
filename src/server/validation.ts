import { z } from 'zod';
import type { SearchFilter } from '../index/filter.js';
import { DEFAULT_MODE, RANK_MODES } from '../search/rank-mode.js';

export interface ValidationLimits {
  maxQueryChars: number;
}

const MAX_K = 100;
const MAX_IDS = 100;

/** Query-string integers arrive as text; only plain digits are accepted. */
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const year = z.number().int().min(0).max(9999);
const yearParam = intParam(0, 9999);

/** A repeatable query parameter; with `commas`, each value may also be a comma list. */
const listParam = (commas: boolean) =>
  z.union([z.string(), z.array(z.string())]).transform((v) =>
    [v]
      .flat()
      .flatMap((s) => (commas ? s.split(',') : [s]))
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** `mode` and `explain`, the same in query strings and bodies except for explain's type. */
const mode = z.enum(RANK_MODES).default(DEFAULT_MODE);
const explainParam = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default(false);
const explainBody = z.boolean().default(false);

const facetList = z.array(z.string().trim().min(1).max(200)).max(50);
const paperIds = z.array(z.string().min(1).max(512)).max(MAX_IDS);

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

const filterParams = {
  year_from: yearParam.optional(),
  year_to: yearParam.optional(),
  category: listParam(true).optional(),
  author: listParam(false).optional(),
};

/** GET filters: `year_from`, `year_to`, `category` (repeatable or comma list), `author`. */
function filtersFromParams(p: {
  year_from?: number;
  year_to?: number;
  category?: string[];
  author?: string[];
}): SearchFilter | undefined {
  return toFilters({ ...p, categories: p.category, authors: p.author });
}

const filtersBody = z
  .strictObject({
    year_from: year.optional(),
    year_to: year.optional(),
    categories: facetList.optional(),
    authors: facetList.optional(),
  })
  .refine(yearOrder.check, yearOrder.message);

/** Every request schema, parsing straight into what the search service takes. */
export function createSchemas(limits: ValidationLimits) {
  const queryText = z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(limits.maxQueryChars, `must be at most ${limits.maxQueryChars} characters`);
  const kParam = intParam(1, MAX_K).default(10);
  const kBody = z.number().int().min(1).max(MAX_K).default(10);

  return {
    searchQuery: z
      .strictObject({ q: queryText, k: kParam, mode, explain: explainParam, ...filterParams })
      .refine(yearOrder.check, yearOrder.message)
      .transform((p) => ({
        text: p.q,
        k: p.k,
        mode: p.mode,
        explain: p.explain,
        filters: filtersFromParams(p),
      })),

    searchBody: z
      .strictObject({
        query: queryText,
        k: kBody,
        mode,
        explain: explainBody,
        filters: filtersBody.optional(),
      })
      .transform((b) => ({
        text: b.query,
        k: b.k,
        mode: b.mode,
        explain: b.explain,
        filters: b.filters && toFilters(b.filters),
      })),

    relatedQuery: z
      .strictObject({ k: kParam, mode, explain: explainParam, ...filterParams })
      .refine(yearOrder.check, yearOrder.message)
      .transform((p) => ({
        k: p.k,
        mode: p.mode,
        explain: p.explain,
        filters: filtersFromParams(p),
      })),

    recommendBody: z
      .strictObject({
        positive: paperIds.min(1, 'needs at least one paper id'),
        negative: paperIds.default([]),
        k: kBody,
        mode,
        explain: explainBody,
        filters: filtersBody.optional(),
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

    paperId: z.string().min(1).max(512),
  };
}

export type Schemas = ReturnType<typeof createSchemas>;
