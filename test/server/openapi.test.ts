import { readFile } from 'node:fs/promises';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { accessPolicy, type AccessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import {
  apiLimits,
  DEFAULT_API_LIMITS,
  type ValidationLimits,
} from '../../src/server/api-limits.js';
import { createApp } from '../../src/server/app.js';
import { API_VERSION, apiDescription, openApiDocument } from '../../src/server/openapi.js';
import { API_KEY, createLiveApp, liveLoader, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, silentLog, testBackend, type TestIndex } from '../search/test-index.js';

const LIMITS = { maxQueryChars: 1000 };
type Method = 'get' | 'post' | 'delete';
const METHODS: Method[] = ['get', 'post', 'delete'];
const auth = { Authorization: `Bearer ${API_KEY}` };

/** The parts of the served (JSON) document these tests read. */
type Ref = { $ref: string };
type JsonSchema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonSchema;
}
interface DocResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}
interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: (Parameter | Ref)[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, DocResponse | Ref>;
}
type PathItem = { parameters?: (Parameter | Ref)[] } & Partial<Record<Method, Operation>>;
interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, DocResponse>;
    securitySchemes: Record<string, unknown>;
  };
}

let index: TestIndex;
let live: LiveApp;
let doc: Document;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  live = await createLiveApp(index.root);
  doc = (await request(live.app).get('/openapi.json').expect(200)).body as Document;
});

afterAll(async () => {
  await live?.close();
  await index?.cleanup();
});

/** Another app over the same loaded index, read-only, with its own access policy and limits. */
function appWith(access: Partial<AccessPolicy>, limits: ValidationLimits = LIMITS): Express {
  return createApp({
    holder: live.holder,
    log: silentLog,
    limits,
    access: accessPolicy(access),
  });
}

// ---------------------------------------------------------------- document helpers

function pointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`not a local $ref: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[key]
          : undefined,
      root,
    );
}

function deref<T>(node: T | Ref, root: unknown = doc): T {
  let current: unknown = node;
  while (current && typeof current === 'object' && '$ref' in current) {
    current = pointer(root, (current as Ref).$ref);
  }
  return current as T;
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => allRefs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

function operations(of: Document = doc) {
  return Object.entries(of.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, item, op: item[method]! })),
  );
}

/** The path template a concrete request path falls under, preferring literal templates. */
function templateOf(path: string): string {
  const matches = Object.keys(doc.paths).filter((template) => {
    const pattern = template
      .split(/\{[^}]+\}/)
      .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
  matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  if (matches.length === 0) throw new Error(`no path in the document matches ${path}`);
  return matches[0];
}

/** A parameter of an operation in a served document, by name. */
function parameter(of: Document, path: string, method: Method, name: string): Parameter {
  const declared = [
    ...(of.paths[path].parameters ?? []),
    ...(of.paths[path][method]!.parameters ?? []),
  ];
  const found = declared.map((p) => deref<Parameter>(p, of)).find((p) => p.name === name);
  if (!found) throw new Error(`${method} ${path} has no parameter ${name}`);
  return found;
}

/** The JSON request body schema of an operation in a served document. */
function bodySchema(of: Document, path: string, method: Method): JsonSchema {
  return of.paths[path][method]!.requestBody!.content['application/json'].schema;
}

// ---------------------------------------------------------------- response schemas

/** The zod schemas the document was generated from: the ones responses are checked against. */
const described = apiDescription(apiLimits(LIMITS));

function zodResponse(template: string, method: Method, status: string, mediaType: string) {
  const op = described.paths?.[template]?.[method];
  const response = op?.responses[status as '200'] as ZodOpenApiResponseObject | undefined;
  const schema = response?.content?.[mediaType]?.schema;
  return schema instanceof z.ZodType ? schema : undefined;
}

/** What succeeded against the document: `METHOD template status`. */
const exercised = new Set<string>();

/** Fails unless the response's status, media type and body are what the document declares. */
function expectConforms(method: Method, url: string, res: Response): void {
  const path = new URL(url, 'http://x').pathname;
  const template = templateOf(path);
  const op = doc.paths[template][method];
  const where = `${method.toUpperCase()} ${template} ${res.status}`;
  if (!op) throw new Error(`${method.toUpperCase()} ${template} is not in the document`);
  const declared = op.responses[String(res.status)];
  if (!declared) throw new Error(`${where}: status not declared (body ${res.text.slice(0, 200)})`);
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0];
  if (!deref(declared).content?.[mediaType]) {
    throw new Error(`${where}: media type ${mediaType} not declared`);
  }
  const schema = zodResponse(template, method, String(res.status), mediaType);
  if (!schema) throw new Error(`${where}: no zod schema for ${mediaType}`);
  const body: unknown = mediaType === 'application/json' ? res.body : res.text;
  const checked = schema.safeParse(body);
  if (!checked.success) {
    throw new Error(`${where} does not match its schema:\n${z.prettifyError(checked.error)}`);
  }
  exercised.add(where);
}

type Call = {
  method: Method;
  url: string;
  status: number;
  body?: unknown;
  raw?: { type: string; data: string };
  headers?: Record<string, string>;
  app?: Express;
};

async function check({ method, url, status, body, raw, headers = {}, app }: Call) {
  const agent = request(app ?? live.app);
  let req = agent[method](url).set(headers);
  if (raw) req = req.set('Content-Type', raw.type).send(raw.data);
  else if (body !== undefined) req = req.send(body as object);
  const res = await req;
  expect(res.status, `${method.toUpperCase()} ${url}: ${res.text.slice(0, 300)}`).toBe(status);
  expectConforms(method, url, res);
  return res;
}

// ---------------------------------------------------------------- the document itself

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the package version, generated from the zod schemas', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('paper-search');
    expect(doc.info.version).toBe(pkg.version);
    expect(API_VERSION).toBe(pkg.version);
    expect(doc.servers.length).toBeGreaterThan(0);
    // The served document is the generated one, JSON-clean.
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(apiLimits(LIMITS)))));
  });

  it('every operation has an id, a summary, tags, described responses and its security', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(path, where).toMatch(/^\//);
      expect(op.summary, where).toBeTruthy();
      expect(
        op.tags.every((t) => tags.has(t)),
        where,
      ).toBe(true);
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => /^2\d\d$/.test(s)),
        where,
      ).toBe(true);
      expect(
        statuses.some((s) => /^4\d\d$/.test(s)),
        where,
      ).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        const resolved = deref(response);
        expect(resolved.description, `${where} ${status}`).toBeTruthy();
        for (const media of Object.values(resolved.content ?? {})) {
          expect(media.schema, `${where} ${status}`).toBeDefined();
        }
      }
      // Public operations say so with an empty list; keyed ones name a defined scheme.
      expect(op.security, where).toBeDefined();
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) {
          expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
        }
      }
    }
  });

  it('declares every path parameter, required, and nothing twice', () => {
    for (const { path, item, op } of operations()) {
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        deref<Parameter>(p),
      );
      const keys = declared.map((p) => `${p.in}:${p.name}`);
      expect(new Set(keys).size, path).toBe(keys.length);
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = declared.filter((p) => p.in === 'path');
      expect(pathParams.map((p) => p.name).sort(), path).toEqual(inPath.sort());
      for (const p of pathParams) expect(p.required, `${path} ${p.name}`).toBe(true);
    }
  });

  it('every $ref resolves', () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(pointer(doc, ref), ref).toBeDefined();
  });

  it('describes every route the app serves, and no other', () => {
    type Layer = {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: Layer[] };
    };
    const routes = (stack: Layer[]): string[] =>
      stack.flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods).map(
              (m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
            )
          : routes(layer.handle?.stack ?? []),
      );
    const served = routes((live.app as unknown as { router: { stack: Layer[] } }).router.stack);
    // The search page is static files, not a route.
    served.push('get /');
    const documented = operations().map(({ path, method }) => `${method} ${path}`);
    expect([...new Set(served)].sort()).toEqual(documented.sort());
  });

  it('each JSON route answers with the schema the document declares for its success', () => {
    type Layer = {
      route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
      handle?: { stack?: Layer[] };
    };
    const jsonRoutes = (stack: Layer[]): [string, Method, unknown][] =>
      stack.flatMap((layer) => {
        if (!layer.route) return jsonRoutes(layer.handle?.stack ?? []);
        const { path, methods, stack: handlers } = layer.route;
        const last = handlers.at(-1)?.handle as { responseSchema?: unknown };
        const method = Object.keys(methods)[0] as Method;
        const template = path.replace(/:(\w+)/g, '{$1}');
        return last.responseSchema ? [[template, method, last.responseSchema]] : [];
      });
    const found = jsonRoutes((live.app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(found.length).toBe(14);
    for (const [template, method, schema] of found) {
      const success = ['200', '201'].map((s) =>
        zodResponse(template, method, s, 'application/json'),
      );
      expect(success, `${method} ${template}`).toContain(schema);
    }
  });

  it('query parameters are exactly those the validation schemas accept', () => {
    const names = (path: string) =>
      (doc.paths[path].get!.parameters ?? [])
        .map((p) => deref<Parameter>(p))
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    const filters = [
      ...['author', 'category', 'explain', 'format', 'k', 'mode', 'semantic_weight', 'since'],
      ...['until', 'year_from', 'year_to'],
    ];
    expect(names('/search')).toEqual([...filters, 'expand', 'q'].sort());
    expect(names('/papers/{id}/related')).toEqual(filters);
    expect(names('/papers/{id}/graph')).toEqual(['size']);
    const required = (path: string) =>
      (doc.paths[path].get!.parameters ?? [])
        .map((p) => deref<Parameter>(p))
        .filter((p) => p.required && p.in === 'query')
        .map((p) => p.name);
    expect(required('/search')).toEqual(['q']);
    expect(required('/papers/{id}/related')).toEqual([]);
  });

  it('states every request limit as validation enforces it', () => {
    const { maxK, defaultK, maxIds, maxIdChars, minYear, maxYear } = DEFAULT_API_LIMITS;
    const { maxLibrary, maxGraphSize, defaultGraphSize } = DEFAULT_API_LIMITS;
    for (const path of ['/search', '/papers/{id}/related']) {
      expect(parameter(doc, path, 'get', 'k').schema).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: maxK,
        default: defaultK,
      });
      for (const name of ['year_from', 'year_to']) {
        expect(parameter(doc, path, 'get', name).schema).toMatchObject({
          type: 'integer',
          minimum: minYear,
          maximum: maxYear,
        });
      }
    }
    expect(parameter(doc, '/search', 'get', 'q').schema).toMatchObject({
      maxLength: LIMITS.maxQueryChars,
    });
    expect(parameter(doc, '/papers/{id}', 'get', 'id').schema).toMatchObject({
      maxLength: maxIdChars,
    });
    expect(bodySchema(doc, '/recommend', 'post')).toMatchObject({
      properties: {
        positive: { maxItems: maxIds },
        negative: { maxItems: maxIds },
        library: { maxItems: maxLibrary },
        k: { minimum: 1, maximum: maxK, default: defaultK },
        filters: { properties: { year_from: { minimum: minYear, maximum: maxYear } } },
      },
    });
    expect(doc.components.responses.PayloadTooLarge.description).toContain('64 KiB');
    expect(doc.components.responses.PayloadTooLarge.description).toContain(
      `more than ${maxLibrary} references`,
    );
    expect(parameter(doc, '/papers/{id}/graph', 'get', 'size').schema).toMatchObject({
      type: 'integer',
      minimum: 2,
      maximum: maxGraphSize,
      default: defaultGraphSize,
    });
    expect(parameter(doc, '/search', 'get', 'since').schema).toMatchObject({ format: 'date' });
  });
});

// ---------------------------------------------------------------- one definition of each limit

describe('each request limit is defined once', () => {
  /** An app with one limit changed, and the document it serves. */
  async function changed(limits: Partial<ValidationLimits>) {
    const app = appWith({}, { ...LIMITS, ...limits });
    const served = (await request(app).get('/openapi.json').expect(200)).body as Document;
    return { app, served };
  }

  it('k: the validation, the document and the error message change together', async () => {
    const { app, served } = await changed({ maxK: 7 });
    await request(app).get('/search?q=graph&k=7').expect(200);
    for (const res of [
      await request(app).get('/search?q=graph&k=8').expect(400),
      await request(app).get(`/papers/${index.papers[0].id}/related?k=8`).expect(400),
      await request(app).post('/search').send({ query: 'graph', k: 8 }).expect(400),
      await request(app)
        .post('/recommend')
        .send({ positive: [index.papers[0].id], k: 8 })
        .expect(400),
    ]) {
      expect(res.body.error).toEqual({ code: 'invalid_request', message: 'k: must be at most 7' });
    }
    expect(parameter(served, '/search', 'get', 'k').schema).toMatchObject({ maximum: 7 });
    expect(parameter(served, '/papers/{id}/related', 'get', 'k').schema).toMatchObject({
      maximum: 7,
    });
    expect(bodySchema(served, '/search', 'post')).toMatchObject({
      properties: { k: { maximum: 7 } },
    });
    expect(bodySchema(served, '/recommend', 'post')).toMatchObject({
      properties: { k: { maximum: 7 } },
    });
  });

  it('paper ids per list', async () => {
    const { app, served } = await changed({ maxIds: 2 });
    const ids = index.papers.slice(0, 3).map((p) => p.id);
    const res = await request(app).post('/recommend').send({ positive: ids }).expect(400);
    expect(res.body.error.message).toBe('positive: must list at most 2 paper ids');
    await request(app)
      .post('/recommend')
      .send({ positive: ids.slice(0, 2) })
      .expect(200);
    expect(bodySchema(served, '/recommend', 'post')).toMatchObject({
      properties: { positive: { maxItems: 2 }, negative: { maxItems: 2 } },
    });
  });

  it('body bytes', async () => {
    const { app, served } = await changed({ maxBodyBytes: 1024 });
    const res = await request(app)
      .post('/search')
      .send({ query: 'x'.repeat(1100) })
      .expect(413);
    expect(res.body.error).toEqual({
      code: 'payload_too_large',
      message: 'request body is larger than 1 KiB',
    });
    await request(app).post('/search').send({ query: 'graph' }).expect(200);
    expect(served.components.responses.PayloadTooLarge.description).toContain('1 KiB');
  });

  it('query characters', async () => {
    const { app, served } = await changed({ maxQueryChars: 42 });
    const res = await request(app)
      .get(`/search?q=${'a'.repeat(43)}`)
      .expect(400);
    expect(res.body.error.message).toBe('q: must be at most 42 characters');
    expect(parameter(served, '/search', 'get', 'q').schema).toMatchObject({ maxLength: 42 });
    expect(bodySchema(served, '/search', 'post')).toMatchObject({
      properties: { query: { maxLength: 42 } },
    });
  });

  it('the year range', async () => {
    const { app, served } = await changed({ minYear: 1900, maxYear: 2100 });
    const early = await request(app).get('/search?q=graph&year_from=1899').expect(400);
    expect(early.body.error.message).toBe('year_from: must be at least 1900');
    const late = await request(app)
      .post('/search')
      .send({ query: 'graph', filters: { year_to: 2101 } })
      .expect(400);
    expect(late.body.error.message).toBe('filters.year_to: must be at most 2100');
    expect(parameter(served, '/search', 'get', 'year_from').schema).toMatchObject({
      minimum: 1900,
      maximum: 2100,
    });
    expect(bodySchema(served, '/search', 'post')).toMatchObject({
      properties: { filters: { properties: { year_to: { minimum: 1900, maximum: 2100 } } } },
    });
  });
});

// ---------------------------------------------------------------- real responses

describe('real responses match the document', () => {
  const id = () => index.papers[0].id;
  const other = () => index.papers[1].id;

  it('probes, statistics, metrics, this document and the page', async () => {
    await check({ method: 'get', url: '/health', status: 200 });
    await check({ method: 'get', url: '/ready', status: 200 });
    await check({ method: 'get', url: '/stats', status: 200 });
    await check({ method: 'get', url: '/metrics', status: 200 });
    await check({ method: 'get', url: '/openapi.json', status: 200 });
    const page = await check({ method: 'get', url: '/', status: 200 });
    expect(page.text).toMatch(/<html/i);
  });

  it('search, both spellings, with explanations and filters', async () => {
    const get = await check({ method: 'get', url: '/search?q=graph%20neural&k=3', status: 200 });
    expect(get.body.results.length).toBeGreaterThan(0);
    for (const mode of ['semantic', 'lexical', 'hybrid']) {
      const res = await check({
        method: 'get',
        url: `/search?q=attention&mode=${mode}&explain=true&year_from=1990&year_to=2030&category=cs.LG,cs.CL&author=Someone`,
        status: 200,
      });
      expect(res.body.mode).toBe(mode);
    }
    const explained = await check({
      method: 'post',
      url: '/search',
      body: { query: 'transformer attention', k: 5, mode: 'hybrid', explain: true },
      status: 200,
    });
    expect(explained.body.results[0].explain).toBeDefined();
    await check({
      method: 'post',
      url: '/search',
      body: { query: 'sparse', filters: { year_from: 2000, categories: ['cs.LG'], authors: [] } },
      status: 200,
    });
  });

  it('papers, related papers and recommendations', async () => {
    await check({ method: 'get', url: `/papers/${encodeURIComponent(id())}`, status: 200 });
    const related = await check({
      method: 'get',
      url: `/papers/${encodeURIComponent(id())}/related?k=4&explain=1`,
      status: 200,
    });
    expect(related.body.results).toHaveLength(4);
    const rec = await check({
      method: 'post',
      url: '/recommend',
      body: { positive: [id()], negative: [other()], k: 3, explain: true },
      status: 200,
    });
    expect(rec.body.results).toHaveLength(3);
    const graph = await check({
      method: 'get',
      url: `/papers/${encodeURIComponent(id())}/graph?size=12`,
      status: 200,
    });
    expect(graph.body.nodes).toHaveLength(12);
  });

  it('a library as JSON and as a BibTeX file, and results exported as files', async () => {
    const paper = index.papers.find((p) => p.id === id())!;
    const library = await check({
      method: 'post',
      url: '/recommend',
      body: { library: [id(), { title: 'Unknown', abstract: paper.abstract }, 'doi:10.1/none'] },
      status: 200,
    });
    expect(library.body.unmatched).toHaveLength(1);
    const bibtex = `@article{a,\n  title = {${paper.title}},\n  year = 2020\n}\n`;
    await check({
      method: 'post',
      url: '/recommend?k=3&since=2020-01-01',
      raw: { type: 'application/x-bibtex', data: bibtex },
      status: 200,
    });
    await check({
      method: 'post',
      url: '/recommend',
      raw: { type: 'application/x-bibtex', data: '@article{a,\n  title = {x}\n' },
      status: 400,
    });
    const resolved = await check({
      method: 'post',
      url: '/library/resolve',
      body: { library: [id(), { title: 'Unknown', abstract: paper.abstract }, 'doi:10.1/none'] },
      status: 200,
    });
    expect(resolved.body.library.map((e: { matched_by: string }) => e.matched_by)).toEqual([
      'id',
      'embedded',
    ]);
    await check({
      method: 'post',
      url: '/library/resolve',
      raw: { type: 'application/x-bibtex', data: bibtex },
      status: 200,
    });
    await check({ method: 'get', url: '/search?q=graph&k=2&format=bibtex', status: 200 });
    await check({
      method: 'get',
      url: `/papers/${encodeURIComponent(id())}/related?k=2&format=ris`,
      status: 200,
    });
    await check({
      method: 'post',
      url: '/search',
      body: { query: 'graph', k: 2 },
      headers: { accept: 'text/csv' },
      status: 200,
    });
    await check({
      method: 'post',
      url: '/recommend?format=csv',
      body: { positive: [id()], k: 2 },
      status: 200,
    });
  });

  it('validation, unknown ids, bodies of the wrong size or type, long targets', async () => {
    const cases: Call[] = [
      { method: 'get', url: '/search', status: 400 },
      { method: 'get', url: '/search?q=x&k=0', status: 400 },
      { method: 'get', url: '/search?q=x&mode=fuzzy', status: 400 },
      { method: 'get', url: '/search?q=x&year_from=2020&year_to=2010', status: 400 },
      { method: 'get', url: '/search?q=x&unknown=1', status: 400 },
      { method: 'post', url: '/search', body: { query: '' }, status: 400 },
      { method: 'post', url: '/search', raw: { type: 'application/json', data: '{' }, status: 400 },
      { method: 'post', url: '/search', raw: { type: 'text/plain', data: 'graph' }, status: 415 },
      {
        method: 'post',
        url: '/search',
        body: { query: 'x'.repeat(70 * 1024) },
        status: 413,
      },
      { method: 'get', url: `/search?q=${'a'.repeat(5000)}`, status: 414 },
      { method: 'get', url: '/papers/no-such-paper', status: 404 },
      { method: 'get', url: '/papers/no-such-paper/related', status: 404 },
      { method: 'get', url: `/papers/${'x'.repeat(600)}`, status: 400 },
      { method: 'get', url: `/papers/x/related?k=101`, status: 400 },
      { method: 'post', url: '/recommend', body: { positive: [] }, status: 400 },
      { method: 'post', url: '/recommend', body: { library: ['doi:10.1/none'] }, status: 400 },
      {
        method: 'post',
        url: '/recommend',
        body: { library: Array.from({ length: 501 }, (_, i) => `p${i}`) },
        status: 413,
      },
      { method: 'get', url: '/search?q=x&since=2024-02-30', status: 400 },
      { method: 'get', url: '/papers/x/graph?size=1', status: 400 },
      { method: 'get', url: '/papers/no-such-paper/graph', status: 404 },
      { method: 'post', url: '/recommend', body: { positive: ['no-such-paper'] }, status: 404 },
      { method: 'post', url: '/recommend', raw: { type: 'text/plain', data: 'x' }, status: 415 },
      { method: 'post', url: '/library/resolve', body: { library: [] }, status: 400 },
      { method: 'post', url: '/library/resolve', body: { library: [''] }, status: 400 },
      { method: 'post', url: '/library/resolve', body: { k: 3, library: ['x'] }, status: 400 },
      {
        method: 'post',
        url: '/library/resolve?k=3',
        raw: { type: 'application/x-bibtex', data: '@article{a, title = {x}}\n' },
        status: 400,
      },
      {
        method: 'post',
        url: '/library/resolve',
        body: { library: Array.from({ length: 501 }, (_, i) => `p${i}`) },
        status: 413,
      },
      {
        method: 'post',
        url: '/library/resolve',
        raw: { type: 'text/plain', data: 'x' },
        status: 415,
      },
    ];
    for (const call of cases) await check(call);
  });

  it('writes: created, unchanged, updated, deleted, and their errors', async () => {
    const paper = {
      id: 'openapi-0001',
      title: 'Checking an API description against real responses',
      abstract: 'Every response of the service is validated against its OpenAPI schema.',
      authors: ['Ada Field'],
      categories: ['cs.SE'],
      published: '2025-01-02',
    };
    const write = (body: unknown, status: number) =>
      check({ method: 'post', url: '/papers', body, headers: auth, status });
    const created = await write(paper, 201);
    expect(created.body.status).toBe('created');
    expect((await write(paper, 200)).body).toMatchObject({ status: 'unchanged', seq: null });
    expect((await write({ ...paper, abstract: 'Changed.' }, 200)).body.status).toBe('updated');
    await write({ title: 'no abstract' }, 400);
    await write({ ...paper, extra: true }, 400);
    await check({ method: 'post', url: '/papers', body: paper, status: 401 });
    await check({
      method: 'post',
      url: '/papers',
      raw: { type: 'text/plain', data: 'x' },
      headers: auth,
      status: 415,
    });
    await check({
      method: 'post',
      url: '/papers',
      body: { ...paper, abstract: 'y'.repeat(70 * 1024) },
      headers: auth,
      status: 413,
    });
    const url = `/papers/${paper.id}`;
    await check({ method: 'delete', url, status: 401 });
    await check({ method: 'delete', url, headers: auth, status: 200 });
    await check({ method: 'delete', url, headers: auth, status: 404 });
  });

  it('administration: reload, and the key it needs', async () => {
    const res = await check({ method: 'post', url: '/admin/reload', headers: auth, status: 200 });
    expect(res.body.changed).toBe(false);
    const status = { method: 'get', url: res.body.status_url, headers: auth, status: 200 } as const;
    expect((await check(status)).body).toEqual(res.body);
    await check({ method: 'get', url: '/admin/reload/99999', headers: auth, status: 404 });
    await check({ method: 'get', url: '/admin/reload/x', headers: auth, status: 400 });
    await check({ method: 'post', url: '/admin/reload', status: 401 });
    await check({ method: 'post', url: '/admin/reload', app: appWith({}), status: 403 });
  });

  it('read-only servers, protected reads, rate limits', async () => {
    const keyed = { keys: new ApiKeys([API_KEY]) };
    const readOnly = appWith(keyed);
    await check({
      method: 'post',
      url: '/papers',
      body: { title: 't', abstract: 'a' },
      headers: auth,
      app: readOnly,
      status: 409,
    });
    await check({ method: 'delete', url: '/papers/x', headers: auth, app: readOnly, status: 409 });

    const guarded = appWith({ ...keyed, protectReads: true });
    await check({ method: 'get', url: '/search?q=graph', app: guarded, status: 401 });
    await check({ method: 'get', url: '/stats', app: guarded, status: 401 });
    await check({ method: 'get', url: '/stats', headers: auth, app: guarded, status: 200 });
    await check({
      method: 'get',
      url: '/stats',
      app: appWith({ protectReads: true }),
      status: 403,
    });

    const limited = appWith({ rateLimit: 1 });
    await check({ method: 'get', url: '/stats', app: limited, status: 200 });
    await check({ method: 'get', url: '/stats', app: limited, status: 429 });
  });

  it('before an index is loaded: 503', async () => {
    const backend = await testBackend(index.root);
    const holder = new IndexHolder(backend, liveLoader(backend));
    const app = createApp({
      holder,
      log: silentLog,
      limits: LIMITS,
      access: accessPolicy({ keys: new ApiKeys([API_KEY]) }),
    });
    await check({ method: 'get', url: '/health', app, status: 200 });
    await check({ method: 'get', url: '/ready', app, status: 503 });
    await check({ method: 'get', url: '/stats', app, status: 503 });
    await check({ method: 'get', url: '/search?q=graph', app, status: 503 });
    await check({ method: 'post', url: '/admin/reload', headers: auth, app, status: 503 });
  });

  it('every documented operation was seen succeeding', () => {
    const succeeded = new Set(
      [...exercised].filter((e) => / 2\d\d$/.test(e)).map((e) => e.replace(/ \d+$/, '')),
    );
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(documented.filter((op) => !succeeded.has(op))).toEqual([]);
  });
});
