import { z } from 'zod';
import { RANK_MODES } from '../search/rank-mode.js';
import { MAX_BODY_BYTES } from './json-body.js';
import { paperBody } from './paper-body.js';
import type { Schemas } from './validation.js';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = { [key: string]: unknown };

export interface MediaType {
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  description: string;
  required?: boolean;
  style?: 'form' | 'simple';
  explode?: boolean;
  schema: JsonSchema;
}

export type Ref = { $ref: string };

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Security;
  parameters?: (Parameter | Ref)[];
  requestBody?: { required: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | Ref>;
}

export type Method = 'get' | 'post' | 'delete';
export type PathItem = { parameters?: (Parameter | Ref)[] } & Partial<Record<Method, Operation>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
}

/** The package version the document describes; a test keeps it equal to package.json's. */
export const API_VERSION = '0.1.0';

const ref = (kind: 'schemas' | 'parameters' | 'responses', name: string): Ref => ({
  $ref: `#/components/${kind}/${name}`,
});
const schemaRef = (name: string) => ref('schemas', name);
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** A closed object: every listed property required unless named in `optional`. */
function closed(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

/** A request schema as clients send it (defaults optional, transforms ignored), from zod. */
function requestSchema(schema: z.ZodType): JsonSchema {
  const generated: JsonSchema = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  // The document's jsonSchemaDialect already names the dialect.
  delete generated.$schema;
  return generated;
}

/** What every search-side response carries besides its own fields (see sendResult). */
const IDENTITY: Record<string, JsonSchema> = {
  took_ms: { type: 'number', minimum: 0, description: 'Server time for this request.' },
  embedder: { type: 'string', description: 'The embedder that built the serving index.' },
  index_version: { type: 'string', description: 'The index version that answered.' },
};

const modeSchema: JsonSchema = { type: 'string', enum: [...RANK_MODES] };
const resultList: JsonSchema = { type: 'array', items: schemaRef('SearchResult') };

function componentSchemas(): Record<string, JsonSchema> {
  return {
    Error: {
      ...closed({
        error: closed({
          code: { type: 'string', description: 'Stable, machine-readable error code.' },
          message: { type: 'string', description: 'A sentence for people.' },
        }),
      }),
      description: 'Every error response: a code and a message, never a stack or a file path.',
    },
    Health: closed({ status: { const: 'ok' } }),
    Ready: closed({ status: { const: 'ready' }, index_version: { type: 'string' } }),
    Paper: closed({
      id: { type: 'string' },
      title: { type: 'string' },
      abstract: { type: 'string' },
      authors: { type: 'array', items: { type: 'string' } },
      categories: { type: 'array', items: { type: 'string' } },
      published: nullable({ type: 'string', format: 'date' }),
      url: nullable({ type: 'string' }),
      doi: nullable({ type: 'string', description: 'Bare DOI, e.g. 10.1103/PhysRevD.76.013009.' }),
      arxiv_id: nullable({ type: 'string', description: 'arXiv identifier without version.' }),
      venue: nullable({ type: 'string', description: 'Journal, proceedings or conference.' }),
      keywords: { type: 'array', items: { type: 'string' } },
    }),
    Ranks: closed({
      semantic: nullable({ type: 'integer', minimum: 1 }),
      lexical: nullable({ type: 'integer', minimum: 1 }),
    }),
    Explain: {
      ...closed({
        terms: { type: 'array', items: { type: 'string' }, maxItems: 20 },
        title: { type: 'string', description: 'HTML: shared terms in <mark>, the rest escaped.' },
        snippet: { type: 'string', description: 'HTML: shared terms in <mark>, the rest escaped.' },
        ranks: schemaRef('Ranks'),
      }),
      description: "Why a result was returned: shared terms, highlights and each ranking's place.",
    },
    SearchResult: closed(
      {
        id: { type: 'string' },
        title: { type: 'string' },
        authors: { type: 'array', items: { type: 'string' } },
        published: nullable({ type: 'string', format: 'date' }),
        url: nullable({ type: 'string' }),
        score: {
          type: 'number',
          description: 'Cosine similarity (semantic), BM25 (lexical) or fused score (hybrid).',
        },
        snippet: { type: 'string' },
        explain: schemaRef('Explain'),
      },
      ['explain'],
    ),
    PaperResponse: closed({ paper: schemaRef('Paper'), ...IDENTITY }),
    SearchResponse: closed({
      query: { type: 'string' },
      k: { type: 'integer' },
      mode: modeSchema,
      results: resultList,
      ...IDENTITY,
    }),
    RelatedResponse: closed({
      id: { type: 'string' },
      k: { type: 'integer' },
      mode: modeSchema,
      results: resultList,
      ...IDENTITY,
    }),
    RecommendResponse: closed({
      positive: { type: 'array', items: { type: 'string' } },
      negative: { type: 'array', items: { type: 'string' } },
      k: { type: 'integer' },
      mode: modeSchema,
      results: resultList,
      ...IDENTITY,
    }),
    Stats: closed({
      index_version: { type: 'string' },
      count: { type: 'integer', minimum: 0 },
      backend: nullable(
        closed({
          kind: { type: 'string', enum: ['embedded', 'postgres'] },
          location: {
            type: 'string',
            description: "The index directory's name, or the database URL without its password.",
          },
        }),
      ),
      built_at: { type: 'string', format: 'date-time' },
      build_seconds: { type: 'number', minimum: 0 },
      embedder: closed({
        id: { type: 'string' },
        kind: { type: 'string', enum: ['transformer', 'lexical'] },
        model: nullable({ type: 'string' }),
        dims: { type: 'integer', minimum: 1 },
        fingerprint: { type: 'string' },
        spec: {
          type: 'object',
          properties: { kind: { type: 'string', enum: ['transformer', 'lexical'] } },
          required: ['kind'],
          description: "The embedder's own settings; the rest depends on its kind.",
        },
      }),
      search: closed({
        mode: { type: 'string', enum: ['exact', 'hnsw'] },
        hnsw: closed({
          m: { type: 'integer' },
          ef_construction: { type: 'integer' },
          ef_search: { type: 'integer' },
        }),
        filter_scan_below: nullable({ type: 'integer', minimum: 0 }),
        text_engine: { type: 'string' },
      }),
      corpus: closed({
        files: { type: 'array', items: { type: 'string' } },
        checksum: { type: 'string' },
      }),
      took_ms: IDENTITY.took_ms,
    }),
    PaperWriteResult: closed({
      id: { type: 'string' },
      status: { type: 'string', enum: ['created', 'updated', 'unchanged'] },
      seq: {
        ...nullable({ type: 'integer', minimum: 1 }),
        description: 'Change-log sequence number; null when nothing changed.',
      },
      index_version: { type: 'string' },
    }),
    PaperDeleteResult: closed({
      id: { type: 'string' },
      status: { const: 'deleted' },
      seq: { type: 'integer', minimum: 1 },
      index_version: { type: 'string' },
    }),
    ReloadOutcome: closed({
      previous: nullable({ type: 'string' }),
      current: { type: 'string' },
      changed: { type: 'boolean' },
    }),
  };
}

function componentParameters(schemas: Schemas): Record<string, Parameter> {
  const id = requestSchema(schemas.paperId);
  const whole = (min: number, max: number, fallback?: number): JsonSchema => ({
    type: 'integer',
    minimum: min,
    maximum: max,
    ...(fallback === undefined ? {} : { default: fallback }),
  });
  return {
    PaperId: {
      name: 'id',
      in: 'path',
      required: true,
      description:
        'A paper id, or a reference: `doi:<DOI>` (any case) or `arxiv:<id>`. Slashes in it may be sent percent-encoded or as they are.',
      schema: id,
    },
    q: {
      name: 'q',
      in: 'query',
      required: true,
      description: 'The search text (trimmed; must not be empty).',
      schema: requestSchema(schemas.searchBody.in.shape.query),
    },
    k: {
      name: 'k',
      in: 'query',
      description: 'How many results, written as plain digits.',
      schema: whole(1, 100, 10),
    },
    mode: {
      name: 'mode',
      in: 'query',
      description: 'How to rank.',
      schema: requestSchema(schemas.searchBody.in.shape.mode),
    },
    explain: {
      name: 'explain',
      in: 'query',
      description: 'Attach an explanation to every result.',
      schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'false' },
    },
    year_from: {
      name: 'year_from',
      in: 'query',
      description: 'Earliest publication year, inclusive.',
      schema: whole(0, 9999),
    },
    year_to: {
      name: 'year_to',
      in: 'query',
      description: 'Latest publication year, inclusive; not before year_from.',
      schema: whole(0, 9999),
    },
    category: {
      name: 'category',
      in: 'query',
      description: 'Categories to keep: repeat the parameter or give a comma-separated list.',
      style: 'form',
      explode: true,
      schema: { type: 'array', items: { type: 'string' } },
    },
    author: {
      name: 'author',
      in: 'query',
      description: 'Authors to keep (exact names); repeat the parameter for several.',
      style: 'form',
      explode: true,
      schema: { type: 'array', items: { type: 'string' } },
    },
  };
}

function errorResponse(description: string, headers?: ResponseObject['headers']): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: json(schemaRef('Error')) };
}

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'string' } },
};

const componentResponses: Record<string, ResponseObject> = {
  BadRequest: errorResponse('Invalid parameters or body (`invalid_request`, `malformed_json`).'),
  Unauthorized: errorResponse('No valid API key (`unauthorized`).', {
    'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { const: 'Bearer' } },
  }),
  Forbidden: errorResponse('The endpoint needs a key and the server has none (`forbidden`).'),
  NotFound: errorResponse('No paper with that id, or no such route (`not_found`).'),
  Conflict: errorResponse(
    'Read-only server (`read_only`), or nothing published to reload (`nothing_published`).',
  ),
  PayloadTooLarge: errorResponse(
    `The body is larger than ${MAX_BODY_BYTES / 1024} KiB (\`payload_too_large\`).`,
  ),
  UriTooLong: errorResponse('The request target is too long (`uri_too_long`).'),
  UnsupportedMediaType: errorResponse(
    'The body is not `application/json` (`unsupported_media_type`).',
  ),
  TooManyRequests: errorResponse('Rate limited (`rate_limited`).', retryAfter),
  InternalError: errorResponse('An internal error (`internal`) or a failed reload.'),
  Unavailable: errorResponse(
    'No index loaded yet (`not_ready`) or the request timed out (`timeout`).',
    retryAfter,
  ),
};

type Security = Record<string, string[]>[];
const KEYED: Security = [{ bearerAuth: [] }];
/** Reads take a key only when the server protects reads. */
const OPTIONALLY_KEYED: Security = [{}, { bearerAuth: [] }];

type Status = '400' | '401' | '403' | '404' | '409' | '413' | '414' | '415' | '429' | '500' | '503';
const STATUS_NAMES: Record<Status, string> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '414': 'UriTooLong',
  '415': 'UnsupportedMediaType',
  '429': 'TooManyRequests',
  '500': 'InternalError',
  '503': 'Unavailable',
};
const errors = (...statuses: Status[]) =>
  Object.fromEntries(statuses.map((s) => [s, ref('responses', STATUS_NAMES[s])]));

/** Every endpoint but the probes can be rate limited, refuse a long target, or fail. */
const COMMON: Status[] = ['414', '429', '500'];
const READ_ERRORS: Status[] = ['401', '403', ...COMMON, '503'];
const BODY_ERRORS: Status[] = ['400', '413', '415'];

const ok = (description: string, schema: JsonSchema): ResponseObject => ({
  description,
  content: json(schema),
});
const body = (schema: JsonSchema) => ({ required: true, content: json(schema) });
const params = (...names: string[]) => names.map((name) => ref('parameters', name));
const FILTER_PARAMS = ['year_from', 'year_to', 'category', 'author'];

/** The OpenAPI 3.1 description of the whole HTTP API, request limits taken from `schemas`. */
export function openApiDocument(schemas: Schemas): OpenApiDocument {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'paper-search',
      version: API_VERSION,
      description:
        'Semantic, lexical and hybrid search over research papers, related papers, ' +
        'recommendations, keyed writes and index administration.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'search', description: 'Search, related papers and recommendations.' },
      { name: 'papers', description: 'Single papers, read and written.' },
      { name: 'operations', description: 'Probes, statistics, metrics and administration.' },
      { name: 'meta', description: 'This document and the search page.' },
    ],
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness: the process is up',
          tags: ['operations'],
          responses: { '200': ok('Alive.', schemaRef('Health')), ...errors('500') },
        },
      },
      '/ready': {
        get: {
          operationId: 'ready',
          summary: 'Readiness: an index is loaded and the embedder warmed',
          tags: ['operations'],
          responses: {
            '200': ok('Ready to serve.', schemaRef('Ready')),
            ...errors('500', '503'),
          },
        },
      },
      '/stats': {
        get: {
          operationId: 'stats',
          summary: 'The serving index: size, embedder, search settings, corpus',
          tags: ['operations'],
          security: OPTIONALLY_KEYED,
          responses: {
            '200': ok('Index statistics.', schemaRef('Stats')),
            ...errors(...READ_ERRORS),
          },
        },
      },
      '/search': {
        get: {
          operationId: 'searchGet',
          summary: 'Search by free text (query-string form)',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          parameters: params('q', 'k', 'mode', 'explain', ...FILTER_PARAMS),
          responses: {
            '200': ok('Ranked results.', schemaRef('SearchResponse')),
            ...errors('400', ...READ_ERRORS),
          },
        },
        post: {
          operationId: 'searchPost',
          summary: 'Search by free text (JSON body form)',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestBody: body(requestSchema(schemas.searchBody)),
          responses: {
            '200': ok('Ranked results.', schemaRef('SearchResponse')),
            ...errors(...BODY_ERRORS, ...READ_ERRORS),
          },
        },
      },
      '/recommend': {
        post: {
          operationId: 'recommend',
          summary: 'Papers like the positive ones and unlike the negative ones',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestBody: body(requestSchema(schemas.recommendBody)),
          responses: {
            '200': ok('Ranked results, the given papers excluded.', schemaRef('RecommendResponse')),
            ...errors(...BODY_ERRORS, '404', ...READ_ERRORS),
          },
        },
      },
      '/papers': {
        post: {
          operationId: 'upsertPaper',
          summary: 'Create or replace one paper',
          description:
            'The record is normalised as ingest normalises it (whitespace, dates, DOI links, ' +
            'an id derived from the title when absent). Takes effect at once and survives restarts.',
          tags: ['papers'],
          security: KEYED,
          requestBody: body(requestSchema(paperBody)),
          responses: {
            '200': ok('Replaced, or unchanged.', schemaRef('PaperWriteResult')),
            '201': ok('Created.', schemaRef('PaperWriteResult')),
            ...errors(...BODY_ERRORS, '401', '403', '409', ...COMMON, '503'),
          },
        },
      },
      '/papers/{id}': {
        parameters: params('PaperId'),
        get: {
          operationId: 'getPaper',
          summary: 'One paper',
          tags: ['papers'],
          security: OPTIONALLY_KEYED,
          responses: {
            '200': ok('The paper.', schemaRef('PaperResponse')),
            ...errors('400', '404', ...READ_ERRORS),
          },
        },
        delete: {
          operationId: 'deletePaper',
          summary: 'Delete one paper',
          tags: ['papers'],
          security: KEYED,
          responses: {
            '200': ok('Deleted.', schemaRef('PaperDeleteResult')),
            ...errors('400', '401', '403', '404', '409', ...COMMON, '503'),
          },
        },
      },
      '/papers/{id}/related': {
        parameters: params('PaperId'),
        get: {
          operationId: 'relatedPapers',
          summary: 'Papers related to one paper, the paper itself excluded',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          parameters: params('k', 'mode', 'explain', ...FILTER_PARAMS),
          responses: {
            '200': ok('Ranked results.', schemaRef('RelatedResponse')),
            ...errors('400', '404', ...READ_ERRORS),
          },
        },
      },
      '/admin/reload': {
        post: {
          operationId: 'reloadIndex',
          summary: 'Serve the currently published index version',
          description:
            'A version that fails to load is answered 500 `reload_failed`; the previous one keeps serving.',
          tags: ['operations'],
          security: KEYED,
          responses: {
            '200': ok('The versions before and after.', schemaRef('ReloadOutcome')),
            ...errors('401', '403', '409', ...COMMON, '503'),
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          tags: ['operations'],
          responses: {
            '200': {
              description: 'Every series, in the Prometheus text exposition format.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            ...errors(...COMMON),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          tags: ['meta'],
          responses: {
            '200': ok('The OpenAPI 3.1 document.', { type: 'object' }),
            ...errors(...COMMON),
          },
        },
      },
      '/': {
        get: {
          operationId: 'searchPage',
          summary: 'The search page',
          tags: ['meta'],
          responses: {
            '200': {
              description: 'The search page (its scripts and styles are served beside it).',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            ...errors(...COMMON),
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      parameters: componentParameters(schemas),
      responses: componentResponses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key as `Authorization: Bearer <key>`: required for writes and ' +
            'administration, and for reads when the server protects them.',
        },
      },
    },
  };
}
