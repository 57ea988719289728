import { z } from 'zod';
import type { SearchFilter } from '../index/filter.js';
import {
  referenceFromObject,
  referenceFromString,
  type LibraryReference,
} from '../search/library-reference.js';
import { EXPANSIONS } from '../search/query-expansion.js';
import { DEFAULT_MODE, RANK_MODES, type RankMode } from '../search/rank-mode.js';
import { DEFAULT_STRATEGY, RECOMMEND_STRATEGIES } from '../search/recommend-strategies.js';
import type { ApiLimits } from './api-limits.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';
import { paperBody } from './paper-body.js';

/**
 * Every request schema, parsing straight into what the search service takes. The
 * descriptions and bounds here are also what the OpenAPI document says (see openapi.ts).
 */
export function createSchemas(limits: ApiLimits) {
  const { maxQueryChars, maxK, defaultK, maxIds, maxIdChars, minYear, maxYear } = limits;
  const { maxLibrary, maxGraphSize, defaultGraphSize } = limits;
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

  const libraryList = z
    .array(libraryReference)
    .max(maxLibrary, `must list at most ${maxLibrary} references`);
  const libraryDescription = {
    description:
      `A reader's library, at most ${maxLibrary} references (413 beyond): each an id, ` +
      'a `doi:…` or `arxiv:…` reference, or a title, or an object. Papers the index ' +
      'lacks are embedded from their abstracts; the rest come back in `unmatched`.',
  };

  const yearParams = {
    year_from: intParam(year).optional().meta({ description: YEAR_FROM }),
    year_to: intParam(year).optional().meta({ description: YEAR_TO }),
    since: isoDate.optional().meta({ description: SINCE }),
    until: isoDate.optional().meta({ description: UNTIL }),
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
  const queryOptions = {
    k: kParam,
    mode,
    semantic_weight: semanticWeightParam,
    explain: explainParam,
    ...filterParams,
  };
  const exportParam = {
    format: z
      .enum(EXPORT_FORMATS)
      .optional()
      .meta({
        description:
          'Answer with the results as a file a reference manager imports instead of JSON ' +
          '(the Accept header may ask for the same).',
      }),
  };

  const filtersBody = z
    .strictObject({
      year_from: year.optional().meta({ description: YEAR_FROM }),
      year_to: year.optional().meta({ description: YEAR_TO }),
      since: isoDate.optional().meta({ description: SINCE }),
      until: isoDate.optional().meta({ description: UNTIL }),
      categories: facetList.optional(),
      authors: facetList.optional(),
    })
    .check(inOrder)
    .meta({ description: 'Only papers matching every given filter are ranked.' });
  const bodyOptions = {
    k: kBody,
    mode,
    semantic_weight: semanticWeightBody,
    explain: explainBody,
    filters: filtersBody.optional(),
  };

  return {
    searchQuery: z
      .strictObject({ q: queryText, ...queryOptions, expand: expandParam, ...exportParam })
      .check(inOrder)
      .transform((p) => ({ text: p.q, ...rankOptions(p), expand: p.expand })),

    searchBody: z
      .strictObject({ query: queryText, ...bodyOptions, expand: expandBody })
      .transform((b) => ({
        text: b.query,
        k: b.k,
        mode: b.mode,
        semanticWeight: b.semantic_weight,
        explain: b.explain,
        filters: b.filters && toFilters(b.filters),
        expand: b.expand,
      })),

    relatedQuery: z
      .strictObject({ ...queryOptions, ...exportParam })
      .check(inOrder)
      .transform(rankOptions),

    /** The query string of a POST that may answer with an export (`?format=bibtex`). */
    exportQuery: z.strictObject(exportParam),

    recommendBody: z
      .strictObject({
        positive: paperIds.default([]).meta({
          description: 'Papers (by id) the results should be like.',
        }),
        negative: paperIds.default([]).meta({
          description: 'Papers (by id) the results should be unlike.',
        }),
        library: libraryList.default([]).meta(libraryDescription),
        strategy,
        ...bodyOptions,
      })
      .refine((b) => !b.positive.some((id) => b.negative.includes(id)), {
        message: 'a paper cannot be both positive and negative',
        path: ['negative'],
      })
      .transform((b) => ({
        positive: [...new Set(b.positive)],
        negative: [...new Set(b.negative)],
        library: b.library.map(toReference),
        strategy: b.strategy,
        k: b.k,
        mode: b.mode,
        semanticWeight: b.semantic_weight,
        explain: b.explain,
        filters: b.filters && toFilters(b.filters),
      })),

    /** The query string of a library sent as a BibTeX or RIS body. */
    recommendQuery: z
      .strictObject({ ...queryOptions, strategy, ...exportParam })
      .check(inOrder)
      .transform((p) => ({ ...rankOptions(p), strategy: p.strategy })),

    /** `POST /library/resolve`: a library alone, to match before keeping it. */
    resolveBody: z
      .strictObject({
        library: libraryList.min(1, 'must list at least one reference').meta(libraryDescription),
      })
      .transform((b) => ({ library: b.library.map(toReference) })),

    /** A library file sent to `/library/resolve` takes no options. */
    resolveQuery: z.strictObject({}),

    graphQuery: z
      .strictObject({
        size: intParam(between(2, maxGraphSize), defaultGraphSize).meta({
          description: 'Papers on the map, the paper itself included. Plain digits.',
        }),
      })
      .transform((p) => ({ size: p.size })),

    paperId: paperId.meta({ description: 'A paper id.', param: { id: 'PaperId' } }),

    paperBody: paperBody(limits),
  };
}

export type Schemas = ReturnType<typeof createSchemas>;

const YEAR_FROM = 'Earliest publication year, inclusive.';
const YEAR_TO = 'Latest publication year, inclusive; not before year_from.';
const SINCE = 'Published on or after this date (YYYY-MM-DD), inclusive.';
const UNTIL = 'Published on or before this date (YYYY-MM-DD), inclusive; not before since.';

const isoDate = z.iso.date('must be a date as YYYY-MM-DD');

const strategy = z
  .enum(RECOMMEND_STRATEGIES)
  .default(DEFAULT_STRATEGY)
  .meta({
    description:
      "How the library becomes a ranking: the average vector, each paper's nearest neighbours " +
      'merged by best similarity (nearest) or by summed reciprocal rank (rrf), or a linear SVM.',
  });

const referenceText = z.string().trim().min(1).max(2_000);
const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** One library reference: a string, or an object with any of a paper record's fields. */
const libraryReference = z.union([
  referenceText.meta({
    description: 'An id, `doi:10.…`, `arxiv:…`, a DOI or arXiv link, or a title.',
  }),
  z
    .strictObject({
      id: optionalText(512),
      doi: optionalText(256),
      arxiv_id: optionalText(64),
      title: optionalText(2_000),
      abstract: optionalText(50_000),
      authors: z.union([z.string().max(20_000), z.array(z.string().max(300)).max(500)]).optional(),
      published: optionalText(64),
      year: z
        .union([z.string().max(8), z.number().int()])
        .nullable()
        .optional(),
      venue: optionalText(1_000),
      url: optionalText(2_048),
      keywords: z.union([z.string().max(20_000), z.array(z.string().max(200)).max(100)]).optional(),
      categories: z.union([z.string().max(5_000), z.array(z.string().max(100)).max(50)]).optional(),
    })
    .meta({
      description:
        'A reference as a record: matched by id, DOI, arXiv id, then title; embedded from ' +
        'title and abstract when the index lacks it. Other fields are accepted and ignored.',
    }),
]);

function toReference(value: z.output<typeof libraryReference>, index: number): LibraryReference {
  return typeof value === 'string'
    ? referenceFromString(value, index)
    : referenceFromObject(value, index);
}
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
const SEMANTIC_WEIGHT =
  "Hybrid mode: the semantic ranking's weight in the fusion, 0 to 1 (the lexical ranking gets " +
  'the rest). Absent: the weight the index fitted to its corpus at ingest (see /stats).';
const semanticWeightParam = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a number from 0 to 1')
  .transform(Number)
  .optional()
  .meta({
    description: SEMANTIC_WEIGHT,
    override: documentedAs({ type: 'number', minimum: 0, maximum: 1 }),
  });
const semanticWeightBody = z.number().min(0).max(1).optional().meta({
  description: SEMANTIC_WEIGHT,
});
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

const EXPAND =
  'How the lexical half of the query is expanded: `rm3` (pseudo-relevance feedback from the ' +
  "papers a first search ranks top), `synonyms` (WordNet's), both, or `none`; the service's " +
  'default when absent.';
const expandParam = listParam(true)
  .pipe(z.array(z.enum([...EXPANSIONS, 'none'])))
  .transform((values) => values.filter((v) => v !== 'none'))
  .optional()
  .meta({
    description: `${EXPAND} Repeat the parameter or give a comma-separated list.`,
    param: REPEATABLE,
  });
const expandBody = z
  .array(z.enum(EXPANSIONS))
  .max(EXPANSIONS.length)
  .optional()
  .meta({
    description: `${EXPAND} An empty list expands nothing.`,
  });

const facetList = z.array(z.string().trim().min(1).max(200)).max(50);

interface RawFilters {
  year_from?: number;
  year_to?: number;
  since?: string;
  until?: string;
  categories?: string[];
  authors?: string[];
}

const yearOrder = {
  check: (f: RawFilters) =>
    f.year_from === undefined || f.year_to === undefined || f.year_from <= f.year_to,
  message: { message: 'year_from must not be after year_to', path: ['year_from'] },
};

const dateOrder = {
  check: (f: RawFilters) => f.since === undefined || f.until === undefined || f.since <= f.until,
  message: { message: 'since must not be after until', path: ['since'] },
};

/** Years and dates in order: year_from not after year_to, since not after until. */
const inOrder = z.superRefine((f: RawFilters, ctx) => {
  for (const order of [yearOrder, dateOrder]) {
    if (!order.check(f)) ctx.addIssue({ code: 'custom', input: f, ...order.message });
  }
});

/** The ranking options of a query string: k, mode, explain, the filters and an export format. */
function rankOptions(
  p: Parameters<typeof filtersFromParams>[0] & {
    k: number;
    mode: RankMode;
    semantic_weight?: number;
    explain: boolean;
    format?: ExportFormat;
  },
) {
  return {
    k: p.k,
    mode: p.mode,
    semanticWeight: p.semantic_weight,
    explain: p.explain,
    filters: filtersFromParams(p),
    format: p.format,
  };
}

function toFilters(raw: RawFilters): SearchFilter | undefined {
  const filters: SearchFilter = {
    yearFrom: raw.year_from,
    yearTo: raw.year_to,
    since: raw.since,
    until: raw.until,
    categories: raw.categories?.length ? raw.categories : undefined,
    authors: raw.authors?.length ? raw.authors : undefined,
  };
  return Object.values(filters).some((v) => v !== undefined) ? filters : undefined;
}

/**
 * GET filters: `year_from`, `year_to`, `since`, `until`, `category` (repeatable or comma
 * list), `author`.
 */
function filtersFromParams(p: {
  year_from?: number;
  year_to?: number;
  since?: string;
  until?: string;
  category?: string[];
  author?: string[];
}): SearchFilter | undefined {
  return toFilters({ ...p, categories: p.category, authors: p.author });
}

/** Longest a client may ask `POST /admin/reload` to wait for the switch (`wait_ms`). */
export const MAX_RELOAD_WAIT_MS = 60_000;

export const reloadQuery = z.object({
  wait_ms: intParam(
    z.number().int().min(0).max(MAX_RELOAD_WAIT_MS, `must be at most ${MAX_RELOAD_WAIT_MS}`),
  )
    .optional()
    .meta({
      description:
        'How long to wait for the switch before answering 202 (default, and at most: half ' +
        'the request timeout, so a slow switch is never answered with a timeout).',
    }),
});

export const reloadPath = z.object({
  id: intParam(
    z
      .number()
      .int()
      .min(1, 'must be a reload id')
      .max(2 ** 31),
  ).meta({
    description: 'The id a `POST /admin/reload` answered.',
  }),
});
