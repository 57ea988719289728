import { mulberry32 } from '../../src/util/prng.js';

/** One request as sent over the wire: the target is used verbatim (already encoded). */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export type Random = () => number;

export const seeded = (seed: number): Random => mulberry32(seed);

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const int = (random: Random, max: number) => Math.floor(random() * max);

/** Text meant to upset parsers, tokenizers, FTS5 syntax, normalisers and path handling. */
const NASTY_TEXT = [
  '',
  ' ',
  'graph neural networks',
  'quantization',
  '"',
  '""',
  "'",
  'NEAR(a b)',
  'title:graph',
  'a* OR b',
  '-graph',
  '(((',
  'AND OR NOT',
  '\u0000',
  '\u202eevil\u202c',
  '\u200b\u200b',
  '\ufeffbom',
  'é\u0301',
  'ﬁ',
  'İstanbul',
  '𝔊𝔯𝔞𝔭𝔥',
  '🧪📄🔬',
  '中文 论文 检索',
  'مرحبا بالعالم',
  'a\nb\r\nc\td',
  '<script>alert(1)</script>',
  '${process.env}',
  '../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%',
  '%zz',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
];

const NASTY_NUMBERS = [
  '0',
  '-1',
  '-0',
  '1',
  '10',
  '100',
  '101',
  '1000000',
  '99999999999999999999999',
  '1e3',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  ' 5',
  '5 ',
  '5abc',
  '',
  '٣',
];

const NASTY_JSON_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  'x',
  [],
  [null],
  {},
  { '': 1 },
  ['a', 'b'],
  [[['deep']]],
  { __proto__: { polluted: true } },
];

/** A random piece of text: nasty, random code points, or long. */
export function text(random: Random): string {
  const roll = random();
  if (roll < 0.5) return pick(random, NASTY_TEXT);
  if (roll < 0.8) {
    return Array.from({ length: 1 + int(random, 40) }, () => {
      // Any BMP code point but the lone surrogates, which no UTF-8 encoder will send.
      let code = int(random, 0xffff);
      if (code >= 0xd800 && code <= 0xdfff) code = 0x20 + int(random, 0x5e);
      return String.fromCharCode(code);
    }).join('');
  }
  return pick(random, ['a', 'graph ', 'é', '🧪', '"']).repeat(1 + int(random, 20_000));
}

/** A query-string value, encoded, sometimes deliberately badly. */
function encoded(random: Random, value: string): string {
  const roll = random();
  if (roll < 0.85) return encodeURIComponent(value);
  if (roll < 0.92) return pick(random, ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '+']);
  return value.replace(/[^\x21-\x7e]/g, '_').replace(/[#?&=]/g, '');
}

function query(random: Random, keys: readonly string[]): string {
  const parts: string[] = [];
  const count = int(random, 6);
  for (let i = 0; i < count; i++) {
    const key =
      random() < 0.85
        ? pick(random, keys)
        : pick(random, ['k[]', 'q[a]', 'x', '__proto__', '', 'k.0']);
    const value =
      key === 'k' || key.startsWith('year') || random() < 0.2
        ? pick(random, NASTY_NUMBERS)
        : text(random);
    parts.push(`${key}=${encoded(random, value)}`);
  }
  // Sometimes a repeated parameter, sometimes a bare key.
  if (random() < 0.2) parts.push(`${pick(random, keys)}=${encodeURIComponent(text(random))}`);
  if (random() < 0.1) parts.push(pick(random, keys));
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A paper id for the path: real, unknown, or a path trick. */
function pathId(random: Random, ids: readonly string[]): string {
  const roll = random();
  if (roll < 0.4) return encodeURIComponent(pick(random, ids));
  if (roll < 0.7) return encodeURIComponent(text(random).slice(0, 2000)) || 'x';
  return pick(random, [
    '..',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    '.%2e/',
    '%252e%252e',
    '%00',
    '%',
    '%zz',
    '%ED%A0%80',
    '..;',
    'a%2Fb',
    '~',
    '*',
    'a'.repeat(600),
  ]);
}

/** A JSON value shaped like `template`, with random fields made wrong. */
function mutate(random: Random, template: Record<string, unknown>): unknown {
  const roll = random();
  if (roll < 0.05) return pick(random, NASTY_JSON_VALUES);
  const out: Record<string, unknown> = { ...template };
  for (const key of Object.keys(out)) {
    const r = random();
    if (r < 0.2) out[key] = pick(random, NASTY_JSON_VALUES);
    else if (r < 0.3) delete out[key];
    else if (r < 0.4) out[key] = typeof out[key] === 'string' ? text(random) : [text(random)];
  }
  if (random() < 0.15) out[pick(random, ['extra', '__proto__', 'constructor', ''])] = text(random);
  return out;
}

function body(random: Random, template: Record<string, unknown>): { body: string; type: string } {
  const roll = random();
  const json = JSON.stringify(mutate(random, template)) ?? 'null';
  if (roll < 0.7) return { body: json, type: 'application/json' };
  if (roll < 0.8)
    return { body: json.slice(0, int(random, json.length)), type: 'application/json' };
  if (roll < 0.85) return { body: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' };
  if (roll < 0.88)
    return { body: JSON.stringify({ query: 'x'.repeat(70_000) }), type: 'application/json' };
  return {
    body: json,
    type: pick(random, [
      'text/plain',
      'application/json; charset=utf-16',
      'application/json; charset=bogus',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=--x',
      'application/jsonx',
      '',
    ]),
  };
}

function headers(random: Random, apiKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  const roll = random();
  if (roll < 0.35) out.authorization = `Bearer ${apiKey}`;
  else if (roll < 0.6)
    out.authorization = pick(random, [
      'Bearer',
      'Bearer ',
      'bearer x',
      'Basic dXNlcjpwYXNz',
      `Bearer ${'k'.repeat(4000)}`,
      'Bearer \u00e9\u00e8',
      `Bearer ${apiKey} extra`,
      `Bearer ${apiKey.slice(0, -1)}`,
    ]);
  if (random() < 0.2)
    out['x-request-id'] = pick(random, ['ok-id', 'x'.repeat(300), 'a b', '\u00ff']);
  if (random() < 0.1)
    out['x-forwarded-for'] = pick(random, ['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
  if (random() < 0.05) out['content-encoding'] = pick(random, ['gzip', 'br', 'identity', 'bogus']);
  if (random() < 0.05) out.accept = pick(random, ['text/html', '*/*', 'application/xml', '']);
  return out;
}

/** Templates of valid bodies: fuzzing close to valid reaches past the first check. */
function templates(ids: readonly string[]): Record<string, Record<string, unknown>> {
  return {
    search: {
      query: 'graph neural networks',
      k: 5,
      mode: 'hybrid',
      explain: false,
      filters: { year_from: 2020 },
    },
    recommend: { positive: [ids[0]], negative: [ids[1]], k: 5, filters: { categories: ['cs.LG'] } },
    paper: {
      id: 'fuzz-paper',
      title: 'A fuzzed paper',
      abstract: 'About graphs.',
      authors: ['A. B'],
      published: '2024-01-01',
    },
  };
}

/** One random request against any endpoint, valid-looking or not. */
export function fuzzRequest(random: Random, ids: readonly string[], apiKey: string): FuzzRequest {
  const t = templates(ids);
  const h = headers(random, apiKey);
  const withBody = (template: Record<string, unknown>) => {
    const { body: b, type } = body(random, template);
    return { body: b, headers: type ? { ...h, 'content-type': type } : h };
  };
  const id = () => pathId(random, ids);
  const kind = int(random, 14);
  switch (kind) {
    case 0:
      return {
        method: 'GET',
        path: `/search${query(random, ['q', 'k', 'mode', 'explain', 'year_from', 'year_to', 'category', 'author'])}`,
        headers: h,
      };
    case 1:
      return { method: 'POST', path: '/search', ...withBody(t.search) };
    case 2:
      return { method: 'GET', path: `/papers/${id()}`, headers: h };
    case 3:
      return {
        method: 'GET',
        path: `/papers/${id()}/related${query(random, ['k', 'mode', 'explain', 'year_from', 'category', 'author'])}`,
        headers: h,
      };
    case 4:
      return { method: 'POST', path: '/recommend', ...withBody(t.recommend) };
    case 5:
      return { method: 'POST', path: '/papers', ...withBody(t.paper) };
    case 6:
      return {
        method: 'DELETE',
        path: `/papers/${random() < 0.5 ? `fuzz-${int(random, 5)}` : id()}`,
        headers: h,
      };
    case 7:
      return {
        method: 'POST',
        path: '/admin/reload',
        ...(random() < 0.5 ? withBody({ force: true }) : { headers: h }),
      };
    case 8:
      return {
        method: pick(random, ['GET', 'HEAD']),
        path: pick(random, ['/health', '/ready', '/stats', '/metrics', '/']),
        headers: h,
      };
    case 9:
      return {
        method: pick(random, ['PUT', 'PATCH', 'OPTIONS', 'TRACE', 'DELETE', 'POST', 'GET']),
        path: pick(random, [
          '/search',
          '/papers',
          '/recommend',
          '/admin/reload',
          '/health',
          `/papers/${id()}`,
        ]),
        headers: h,
      };
    case 10:
      return {
        method: 'GET',
        path: pick(random, [
          '/../../etc/passwd',
          '/%2e%2e/%2e%2e/etc/passwd',
          '/web/../package.json',
          '/..%2fpackage.json',
          '/.git/config',
          '/app.js/..%2f..%2fpackage.json',
          '//search',
          '/search/',
          '/SEARCH?q=x',
          '/papers/',
          '/papers//related',
          '/%',
          '/%zz',
          '/%C3%A9',
          `/${'a'.repeat(5000)}`,
          '/index.html',
          '/favicon.svg',
          '/node_modules/express/package.json',
        ]),
        headers: h,
      };
    case 11:
      return {
        method: 'GET',
        path: `/search?q=${encoded(random, text(random))}&k=${encoded(random, pick(random, NASTY_NUMBERS))}`,
        headers: h,
      };
    case 12:
      return {
        method: 'POST',
        path: pick(random, ['/search', '/recommend', '/papers']),
        headers: { ...h, 'content-type': 'application/json' },
        body: Buffer.from(Array.from({ length: int(random, 2000) }, () => int(random, 256))),
      };
    default:
      return {
        method: 'GET',
        path: `/search?q=graph&${'k=1&'.repeat(1 + int(random, 2000))}`,
        headers: h,
      };
  }
}
