import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { redactUrl, type PoliteClient } from './polite-http.js';

/** One `<record>` of a ListRecords page: its header and, unless deleted, its metadata. */
export interface OaiRecord {
  identifier: string;
  datestamp: string | null;
  deleted: boolean;
  /** The metadata element's children, parsed (namespace prefixes removed). */
  metadata: Record<string, unknown> | null;
}

export interface OaiPage {
  /** 1-based, within this run. */
  number: number;
  url: string;
  records: OaiRecord[];
  /** The token that asks for the next page; null on the last page. */
  resumptionToken: string | null;
  /** `completeListSize` of the resumption token, when the source states it. */
  completeListSize: number | null;
}

/** A ListRecords request: where to start (a window, or a token a previous run kept). */
export interface ListRecordsRequest {
  endpoint: string;
  metadataPrefix: string;
  set?: string | null;
  from?: string | null;
  until?: string | null;
  resumptionToken?: string | null;
}

/** A page that cannot be used: nothing of it is applied. */
export class HarvestPageError extends Error {
  override name = 'HarvestPageError';
}

/** The source refused a resumption token (expired, or from another run). */
export class BadResumptionTokenError extends HarvestPageError {
  override name = 'BadResumptionTokenError';
}

/** Elements that may repeat: always read as lists, even when one is present. */
const LISTS = new Set(['record', 'setSpec', 'author', 'error']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => LISTS.has(name),
});

/**
 * ListRecords pages, following resumption tokens to the end. `noRecordsMatch` is an empty
 * answer, not a failure; any other OAI-PMH error, and XML that does not parse, fail naming
 * the page.
 */
export async function* listRecords(
  client: PoliteClient,
  request: ListRecordsRequest,
): AsyncGenerator<OaiPage> {
  let token = request.resumptionToken ?? null;
  for (let number = 1; ; number++) {
    const url = listRecordsUrl(request, token);
    const page = parsePage(await client.getText(url), url, number);
    yield page;
    if (!page.resumptionToken) return;
    token = page.resumptionToken;
  }
}

export function listRecordsUrl(request: ListRecordsRequest, token: string | null): string {
  const url = new URL(request.endpoint);
  url.searchParams.set('verb', 'ListRecords');
  // A resumption token is exclusive: the protocol forbids any other argument beside it.
  if (token) {
    url.searchParams.set('resumptionToken', token);
    return url.toString();
  }
  url.searchParams.set('metadataPrefix', request.metadataPrefix);
  if (request.set) url.searchParams.set('set', request.set);
  if (request.from) url.searchParams.set('from', request.from);
  if (request.until) url.searchParams.set('until', request.until);
  return url.toString();
}

/** One ListRecords response, checked whole before any record of it is used. */
export function parsePage(xml: string, url: string, number: number): OaiPage {
  const where = `page ${number} (${redactUrl(url)})`;
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line } = valid.err;
    throw new HarvestPageError(`${where}: malformed XML at line ${line}: ${msg}`);
  }
  const root = (parser.parse(xml) as Record<string, unknown>)['OAI-PMH'] as
    Record<string, unknown> | undefined;
  if (!root) throw new HarvestPageError(`${where}: not an OAI-PMH response`);
  const errors = asList(root.error);
  if (errors.length > 0) return errorPage(errors, where, url, number);
  const list = root.ListRecords as Record<string, unknown> | undefined | '';
  if (list === undefined) throw new HarvestPageError(`${where}: no ListRecords element`);
  const fields = typeof list === 'object' ? list : {};
  const { token, size } = resumption(fields.resumptionToken);
  return {
    number,
    url,
    records: asList(fields.record).map((record) => oaiRecord(record, where)),
    resumptionToken: token,
    completeListSize: size,
  };
}

function errorPage(errors: unknown[], where: string, url: string, number: number): OaiPage {
  const first = errors[0] as Record<string, unknown> | string;
  const code = typeof first === 'object' ? String(first['@code'] ?? '') : '';
  const text = typeof first === 'object' ? String(first['#text'] ?? '').trim() : String(first);
  if (code === 'noRecordsMatch') {
    return { number, url, records: [], resumptionToken: null, completeListSize: 0 };
  }
  const message = `${where}: OAI-PMH error ${code || 'unknown'}${text ? `: ${text}` : ''}`;
  if (code === 'badResumptionToken') throw new BadResumptionTokenError(message);
  throw new HarvestPageError(message);
}

function oaiRecord(value: unknown, where: string): OaiRecord {
  const record = value as Record<string, unknown>;
  const header = record.header as Record<string, unknown> | undefined;
  const identifier = typeof header?.identifier === 'string' ? header.identifier : '';
  if (!header || identifier === '')
    throw new HarvestPageError(`${where}: a record without an identifier`);
  const datestamp = typeof header.datestamp === 'string' ? header.datestamp : null;
  const deleted = header['@status'] === 'deleted';
  const metadata = record.metadata;
  return {
    identifier,
    datestamp,
    deleted,
    metadata:
      !deleted && typeof metadata === 'object' && metadata !== null
        ? (metadata as Record<string, unknown>)
        : null,
  };
}

function resumption(value: unknown): { token: string | null; size: number | null } {
  if (value === undefined || value === '') return { token: null, size: null };
  if (typeof value === 'string') return { token: value || null, size: null };
  const fields = value as Record<string, unknown>;
  const token =
    typeof fields['#text'] === 'string' && fields['#text'] !== '' ? fields['#text'] : null;
  const size = Number(fields['@completeListSize']);
  return { token, size: Number.isFinite(size) ? size : null };
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}
