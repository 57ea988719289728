import { readFile } from 'node:fs/promises';
import AjvModule, { type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexHolder } from '../../src/serving/index-holder.js';
import { accessPolicy, type AccessPolicy } from '../../src/server/access-policy.js';
import { ApiKeys } from '../../src/server/api-keys.js';
import { createApp } from '../../src/server/app.js';
import {
  API_VERSION,
  openApiDocument,
  type Method,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type PathItem,
} from '../../src/server/openapi.js';
import { createSchemas } from '../../src/server/validation.js';
import { API_KEY, createLiveApp, liveLoader, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, silentLog, testBackend, type TestIndex } from '../search/test-index.js';

// ajv and ajv-formats are CommonJS: their default export is the module object under NodeNext.
const Ajv2020 = AjvModule.default;
const addFormats = formatsModule.default;

const LIMITS = { maxQueryChars: 1000 };
const METHODS: Method[] = ['get', 'post', 'delete'];
const auth = { Authorization: `Bearer ${API_KEY}` };

let index: TestIndex;
let live: LiveApp;
let doc: OpenApiDocument;

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical' });
  live = await createLiveApp(index.root);
  doc = (await request(live.app).get('/openapi.json').expect(200)).body as OpenApiDocument;
});

afterAll(async () => {
  await live?.close();
  await index?.cleanup();
});

/** Another app over the same loaded index, read-only, with its own access policy. */
function appWith(access: Partial<AccessPolicy>): Express {
  return createApp({
    holder: live.holder,
    log: silentLog,
    limits: LIMITS,
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

function deref<T>(node: T | { $ref: string }): T {
  let current: unknown = node;
  while (current && typeof current === 'object' && '$ref' in current) {
    current = pointer(doc, (current as { $ref: string }).$ref);
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

function operations(): { path: string; method: Method; item: PathItem; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
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

/** One ajv over the document's component schemas, `#/components/schemas/` reachable by $ref. */
function makeAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const COMPONENTS_ID = 'urn:paper-search:components';
const rebase = <T>(schema: T): T =>
  JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`),
  ) as T;

let ajv: ReturnType<typeof makeAjv> | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(key: string, schema: object): ValidateFunction {
  if (!ajv) {
    ajv = makeAjv();
    ajv.addSchema({ $id: COMPONENTS_ID, $defs: rebase(doc.components.schemas) });
  }
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(schema));
    validators.set(key, validate);
  }
  return validate;
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
  const response = deref(declared);
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0];
  const content = response.content?.[mediaType];
  if (!content) throw new Error(`${where}: media type ${mediaType} not declared`);
  const body: unknown = mediaType === 'application/json' ? res.body : res.text;
  const validate = validatorFor(`${where} ${mediaType}`, content.schema);
  if (!validate(body)) {
    throw new Error(`${where} does not match its schema: ${ajv!.errorsText(validate.errors)}`);
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
  it('is OpenAPI 3.1 with the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('paper-search');
    expect(doc.info.version).toBe(pkg.version);
    expect(API_VERSION).toBe(pkg.version);
    // The served document is the built one, JSON-clean.
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument(createSchemas(LIMITS)))));
  });

  it('every operation has an id, a summary, tags and described responses', () => {
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
      expect(statuses.length, where).toBeGreaterThan(0);
      expect(
        statuses.some((s) => /^2\d\d$/.test(s)),
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

  it('every schema compiles with the 2020-12 draft, formats known, in strict mode', () => {
    const strict = makeAjv();
    strict.addSchema({ $id: COMPONENTS_ID, $defs: rebase(doc.components.schemas) });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => strict.getSchema(`${COMPONENTS_ID}#/$defs/${name}`), name).not.toThrow();
    }
    const inline: [string, unknown][] = [
      ...Object.entries(doc.components.parameters).map(([n, p]): [string, unknown] => [
        n,
        p.schema,
      ]),
      ...operations().flatMap(({ path, method, op }) =>
        Object.values(op.requestBody?.content ?? {}).map((m): [string, unknown] => [
          `${method} ${path} body`,
          m.schema,
        ]),
      ),
      ...operations().flatMap(({ path, method, op }) =>
        Object.entries(op.responses).flatMap(([status, r]) =>
          Object.values(deref(r).content ?? {}).map((m): [string, unknown] => [
            `${method} ${path} ${status}`,
            m.schema,
          ]),
        ),
      ),
    ];
    for (const [where, schema] of inline) {
      expect(() => strict.compile(rebase(schema as object)), where).not.toThrow();
    }
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

  it('query parameters are exactly those the validation schemas accept', () => {
    const schemas = createSchemas(LIMITS);
    const queryOf = (path: string) =>
      (doc.paths[path].get!.parameters ?? [])
        .map((p) => deref<Parameter>(p))
        .filter((p) => p.in === 'query');
    const names = (params: Parameter[]) => params.map((p) => p.name).sort();
    expect(names(queryOf('/search'))).toEqual(Object.keys(schemas.searchQuery.in.shape).sort());
    expect(names(queryOf('/papers/{id}/related'))).toEqual(
      Object.keys(schemas.relatedQuery.in.shape).sort(),
    );
    const required = queryOf('/search').filter((p) => p.required);
    expect(names(required)).toEqual(['q']);
    expect(queryOf('/papers/{id}/related').filter((p) => p.required)).toEqual([]);
  });

  it('takes the query length limit from the configuration', () => {
    const small = openApiDocument(createSchemas({ maxQueryChars: 42 }));
    const body = small.paths['/search'].post!.requestBody!.content['application/json'].schema;
    expect(body).toMatchObject({ properties: { query: { maxLength: 42 } } });
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
      { method: 'post', url: '/recommend', body: { positive: ['no-such-paper'] }, status: 404 },
      { method: 'post', url: '/recommend', raw: { type: 'text/plain', data: 'x' }, status: 415 },
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
