import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { formatBytes, type ApiLimits } from './api-limits.js';
import { EXPORT_FORMATS, EXPORT_TYPES } from './export-formats.js';
import {
  ErrorResponse,
  GraphResponse,
  HealthResponse,
  PaperDeleteResponse,
  PaperResponse,
  PaperWriteResponse,
  ReadyResponse,
  RecommendResponse,
  RelatedResponse,
  ResolveResponse,
  ReloadStatus,
  SearchResponse,
  StatsResponse,
} from './responses.js';
import { createSchemas, reloadPath, reloadQuery } from './validation.js';

/** The package version the document describes; a test keeps it equal to package.json's. */
export const API_VERSION = '0.1.0';

/** The generated document: plain JSON, as served at /openapi.json. */
export type OpenApiDocument = ReturnType<typeof createDocument>;

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const ok = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
  description,
  content: json(schema),
});
/** JSON, or the same results as a reference file when `format=` or Accept asks for one. */
const exportable = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
  description:
    `${description} With \`format=bibtex|ris|csv\` (or an Accept header preferring ` +
    'their media type), the results as an attachment a reference manager or spreadsheet imports.',
  headers: z.object({
    'Content-Disposition': z.string().optional().meta({
      description: 'With an export: `attachment; filename="….bib"` (or .ris, .csv).',
    }),
  }),
  content: {
    ...json(schema),
    ...Object.fromEntries(
      EXPORT_FORMATS.map((format) => [EXPORT_TYPES[format].mime, { schema: z.string() }]),
    ),
  },
});
const retryAfter = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before retrying.' }),
});

type Status = '400' | '401' | '403' | '404' | '409' | '413' | '414' | '415' | '429' | '500' | '503';

/** Every error status, a named response component each; the 413 names the body limit. */
function errorResponses(limits: ApiLimits): Record<Status, ZodOpenApiResponseObject> {
  const error = (
    id: string,
    description: string,
    headers?: ZodOpenApiResponseObject['headers'],
  ): ZodOpenApiResponseObject => ({ id, description, headers, content: json(ErrorResponse) });
  return {
    '400': error(
      'BadRequest',
      'Invalid parameters or body (`invalid_request`, `malformed_json`, `invalid_library`), ' +
        'or a library with nothing to recommend from (`empty_library`, listing `unmatched`).',
    ),
    '401': error(
      'Unauthorized',
      'No valid API key (`unauthorized`).',
      z.object({
        'WWW-Authenticate': z.literal('Bearer').meta({ description: 'Always `Bearer`.' }),
      }),
    ),
    '403': error('Forbidden', 'The endpoint needs a key and the server has none (`forbidden`).'),
    '404': error('NotFound', 'No paper with that id, or no such route (`not_found`).'),
    '409': error(
      'Conflict',
      'Read-only server (`read_only`), or nothing published to reload (`nothing_published`).',
    ),
    '413': error(
      'PayloadTooLarge',
      `The body is larger than ${formatBytes(limits.maxBodyBytes)}, ` +
        `${formatBytes(limits.maxLibraryBytes)} for a library (\`/recommend\`, ` +
        `\`/library/resolve\`) (\`payload_too_large\`), or ` +
        `a library holds more than ${limits.maxLibrary} references (\`library_too_large\`).`,
    ),
    '414': error('UriTooLong', 'The request target is too long (`uri_too_long`).'),
    '415': error(
      'UnsupportedMediaType',
      'The body is not `application/json` (nor, for a library, BibTeX or RIS) ' +
        '(`unsupported_media_type`).',
    ),
    '429': error('TooManyRequests', 'Rate limited (`rate_limited`).', retryAfter),
    '500': error('InternalError', 'An internal error (`internal`) or a failed reload.'),
    '503': error(
      'Unavailable',
      'No index loaded yet (`not_ready`), the request timed out (`timeout`), or a write found ' +
        'the writes waiting to be folded into the index at their limit (`writes_backlogged`).',
      retryAfter,
    ),
  };
}

/** Every endpoint but the probes can be rate limited, refuse a long target, or fail. */
const COMMON: Status[] = ['414', '429', '500'];
const READ_ERRORS: Status[] = ['401', '403', ...COMMON, '503'];
const BODY_ERRORS: Status[] = ['400', '413', '415'];

type Security = Record<string, string[]>[];
const PUBLIC: Security = [];
const KEYED: Security = [{ bearerAuth: [] }];
/** Reads take a key only when the server protects reads. */
const OPTIONALLY_KEYED: Security = [{}, { bearerAuth: [] }];

type Tag = 'search' | 'papers' | 'operations' | 'meta';

interface Operation extends Omit<ZodOpenApiOperationObject, 'responses' | 'tags'> {
  operationId: string;
  summary: string;
  tags: [Tag];
  security: Security;
  responses: ZodOpenApiResponsesObject;
  /** The error statuses it may answer, from the shared error responses. */
  errors: Status[];
}

/**
 * The whole HTTP API as zod-openapi input: every request and response schema is the zod
 * schema the server validates with or types its bodies from. Tests read response schemas
 * from here; `openApiDocument` renders it.
 */
export function apiDescription(limits: ApiLimits): ZodOpenApiObject {
  const schemas = createSchemas(limits);
  const errors = errorResponses(limits);
  const operation = ({
    errors: statuses,
    tags,
    ...rest
  }: Operation): ZodOpenApiOperationObject => ({
    ...rest,
    tags,
    responses: {
      ...rest.responses,
      ...Object.fromEntries(statuses.map((status) => [status, errors[status]])),
    },
  });
  const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });
  const paperPath = { path: z.object({ id: schemas.paperId }) };

  return {
    openapi: '3.1.0',
    info: {
      title: 'paper-search',
      version: API_VERSION,
      description:
        'Semantic, lexical and hybrid search over research papers, related papers, ' +
        'recommendations, keyed writes and index administration.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The server this document was fetched from.' }],
    tags: [
      { name: 'search', description: 'Search, related papers and recommendations.' },
      { name: 'papers', description: 'Single papers, read and written.' },
      { name: 'operations', description: 'Probes, statistics, metrics and administration.' },
      { name: 'meta', description: 'This document and the search page.' },
    ],
    paths: {
      '/health': {
        get: operation({
          operationId: 'health',
          summary: 'Liveness: the process is up',
          tags: ['operations'],
          security: PUBLIC,
          responses: { '200': ok('Alive.', HealthResponse) },
          errors: ['414', '500'],
        }),
      },
      '/ready': {
        get: operation({
          operationId: 'ready',
          summary: 'Readiness: an index is loaded and the embedder warmed',
          tags: ['operations'],
          security: PUBLIC,
          responses: { '200': ok('Ready to serve.', ReadyResponse) },
          errors: ['414', '500', '503'],
        }),
      },
      '/stats': {
        get: operation({
          operationId: 'stats',
          summary: 'The serving index: size, embedder, search settings, corpus',
          tags: ['operations'],
          security: OPTIONALLY_KEYED,
          responses: { '200': ok('Index statistics.', StatsResponse) },
          errors: READ_ERRORS,
        }),
      },
      '/search': {
        get: operation({
          operationId: 'searchGet',
          summary: 'Search by free text (query-string form)',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { query: schemas.searchQuery },
          responses: { '200': exportable('Ranked results.', SearchResponse) },
          errors: ['400', ...READ_ERRORS],
        }),
        post: operation({
          operationId: 'searchPost',
          summary: 'Search by free text (JSON body form)',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { query: schemas.exportQuery },
          requestBody: body(schemas.searchBody),
          responses: { '200': exportable('Ranked results.', SearchResponse) },
          errors: [...BODY_ERRORS, ...READ_ERRORS],
        }),
      },
      '/recommend': {
        post: operation({
          operationId: 'recommend',
          summary: 'Papers like a library (and positive papers) and unlike negative ones',
          description:
            'The body is JSON, or a whole BibTeX (`application/x-bibtex`) or RIS ' +
            '(`application/x-research-info-systems`) file, its entries the library, with `k`, ' +
            '`mode`, `strategy` and the filters in the query string. A JSON body takes ' +
            '`format` in the query string. Malformed entries of a file are reported in ' +
            '`unmatched` with their line; the rest are used.',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { query: schemas.recommendQuery },
          requestBody: {
            required: true,
            content: {
              ...json(schemas.recommendBody),
              'application/x-bibtex': { schema: z.string() },
              'application/x-research-info-systems': { schema: z.string() },
            },
          },
          responses: {
            '200': exportable(
              "Ranked results, the library's and the given papers excluded.",
              RecommendResponse,
            ),
          },
          errors: [...BODY_ERRORS, '404', ...READ_ERRORS],
        }),
      },
      '/library/resolve': {
        post: operation({
          operationId: 'resolveLibrary',
          summary: "A library's references matched to the index, before keeping them",
          description:
            'Each reference is matched by id, DOI, arXiv id, then title; one the index lacks ' +
            'but with an abstract is embedded from it (`matched_by: embedded`, its abstract ' +
            'returned so a client can send it with later recommendations); the rest come back ' +
            'in `unmatched` with the reason. The body is JSON, or a whole BibTeX or RIS file ' +
            'whose malformed entries are reported with their line. Nothing matching is not an ' +
            'error: `library` is then empty.',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { query: schemas.resolveQuery },
          requestBody: {
            required: true,
            content: {
              ...json(schemas.resolveBody),
              'application/x-bibtex': { schema: z.string() },
              'application/x-research-info-systems': { schema: z.string() },
            },
          },
          responses: {
            '200': ok('The matched references and the unmatched ones.', ResolveResponse),
          },
          errors: [...BODY_ERRORS, ...READ_ERRORS],
        }),
      },
      '/papers': {
        post: operation({
          operationId: 'upsertPaper',
          summary: 'Create or replace one paper',
          description:
            'The record is normalised as ingest normalises it (whitespace, dates, DOI links, ' +
            'an id derived from the title when absent). Takes effect at once and survives restarts.',
          tags: ['papers'],
          security: KEYED,
          requestBody: body(schemas.paperBody),
          responses: {
            '200': ok('Replaced, or unchanged.', PaperWriteResponse),
            '201': ok('Created.', PaperWriteResponse),
          },
          errors: [...BODY_ERRORS, '401', '403', '409', ...COMMON, '503'],
        }),
      },
      '/papers/{id}': {
        get: operation({
          operationId: 'getPaper',
          summary: 'One paper',
          tags: ['papers'],
          security: OPTIONALLY_KEYED,
          requestParams: paperPath,
          responses: { '200': ok('The paper.', PaperResponse) },
          errors: ['400', '404', ...READ_ERRORS],
        }),
        delete: operation({
          operationId: 'deletePaper',
          summary: 'Delete one paper',
          tags: ['papers'],
          security: KEYED,
          requestParams: paperPath,
          responses: { '200': ok('Deleted.', PaperDeleteResponse) },
          errors: ['400', '401', '403', '404', '409', ...COMMON, '503'],
        }),
      },
      '/papers/{id}/related': {
        get: operation({
          operationId: 'relatedPapers',
          summary: 'Papers related to one paper, the paper itself excluded',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { ...paperPath, query: schemas.relatedQuery },
          responses: { '200': exportable('Ranked results.', RelatedResponse) },
          errors: ['400', '404', ...READ_ERRORS],
        }),
      },
      '/papers/{id}/graph': {
        get: operation({
          operationId: 'relatedGraph',
          summary: 'A map of related work: the paper, its neighbours and theirs',
          description:
            'Up to `size` papers: the nearest neighbours of the paper, then of those, each ' +
            'ring keeping the papers most similar to the origin. Edges join each paper to its ' +
            'few most similar papers on the map at or above the median pairwise similarity.',
          tags: ['search'],
          security: OPTIONALLY_KEYED,
          requestParams: { ...paperPath, query: schemas.graphQuery },
          responses: { '200': ok('Nodes and edges.', GraphResponse) },
          errors: ['400', '404', ...READ_ERRORS],
        }),
      },
      '/admin/reload': {
        post: operation({
          operationId: 'reloadIndex',
          summary: 'Serve the currently published index version',
          description:
            'Answers 200 once the switch is done, or 202 with `status_url` (also in `Location`) ' +
            'when it takes longer than `wait_ms`: follow it with `GET /admin/reload/{id}`. A ' +
            'reload never answers a timeout for a switch that goes on. A version that fails to ' +
            'load within the wait is answered 500 `reload_failed`; the previous one keeps serving.',
          tags: ['operations'],
          security: KEYED,
          requestParams: { query: reloadQuery },
          responses: {
            '200': ok('Done: the versions before and after.', ReloadStatus),
            '202': {
              description: 'Still switching: the reload to follow.',
              headers: z.object({
                Location: z.string().meta({ description: "The reload's status URL." }),
              }),
              content: json(ReloadStatus),
            },
          },
          errors: ['400', '401', '403', '409', ...COMMON, '503'],
        }),
      },
      '/admin/reload/{id}': {
        get: operation({
          operationId: 'reloadStatus',
          summary: 'How a reload went: running, done (with the versions) or failed (with why)',
          tags: ['operations'],
          security: KEYED,
          requestParams: { path: reloadPath },
          responses: { '200': ok('The reload.', ReloadStatus) },
          errors: ['400', '401', '403', '404', ...COMMON],
        }),
      },
      '/metrics': {
        get: operation({
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          tags: ['operations'],
          security: PUBLIC,
          responses: {
            '200': {
              description: 'Every series, in the Prometheus text exposition format.',
              content: { 'text/plain': { schema: z.string() } },
            },
          },
          errors: COMMON,
        }),
      },
      '/openapi.json': {
        get: operation({
          operationId: 'openapi',
          summary: 'This document',
          tags: ['meta'],
          security: PUBLIC,
          responses: {
            '200': ok(
              'The OpenAPI 3.1 document.',
              z.looseObject({ openapi: z.literal('3.1.0'), paths: z.looseObject({}) }),
            ),
          },
          errors: COMMON,
        }),
      },
      '/': {
        get: operation({
          operationId: 'searchPage',
          summary: 'The search page',
          tags: ['meta'],
          security: PUBLIC,
          responses: {
            '200': {
              description: 'The search page (its scripts and styles are served beside it).',
              content: { 'text/html': { schema: z.string() } },
            },
          },
          errors: COMMON,
        }),
      },
    },
    components: {
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

/** The OpenAPI 3.1 description of the whole HTTP API, generated from its zod schemas. */
export function openApiDocument(limits: ApiLimits): OpenApiDocument {
  return createDocument(apiDescription(limits));
}
