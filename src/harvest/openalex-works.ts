import { mapRecord } from '../corpus/record-mapper.js';
import { fromOpenAlexRecord } from '../corpus/openalex.js';
import { objectFields } from '../corpus/record-source.js';
import type { PaperChange } from '../index/change-log.js';
import { HarvestPageError } from './oai-pmh.js';
import { redactUrl, type PoliteClient } from './polite-http.js';

export interface WorksRequest {
  endpoint: string;
  /** OpenAlex's `filter=` value, such as `from_updated_date:2024-01-01,primary_topic.field.id:17`. */
  filter: string | null;
  /** Sent so OpenAlex puts the requests in its polite pool. */
  mailto: string | null;
  perPage: number;
  /** Where to start: `*` for the first page, or a cursor a previous run kept. */
  cursor: string;
}

export interface WorksPage {
  number: number;
  url: string;
  /** Each work as a change, or why it was skipped (`W123: missing abstract`). */
  changes: Array<{ change: PaperChange; updated: string | null } | { skip: string }>;
  nextCursor: string | null;
}

/** `/works` pages by cursor paging, to the end. Malformed JSON fails naming the page. */
export async function* listWorks(
  client: PoliteClient,
  request: WorksRequest,
): AsyncGenerator<WorksPage> {
  let cursor: string | null = request.cursor;
  for (let number = 1; cursor; number++) {
    const url = worksUrl(request, cursor);
    const page = parseWorksPage(await client.getText(url), url, number);
    yield page;
    cursor = page.nextCursor;
  }
}

export function worksUrl(request: WorksRequest, cursor: string): string {
  const url = new URL(request.endpoint.replace(/\/+$/, '') + '/works');
  if (request.filter) url.searchParams.set('filter', request.filter);
  url.searchParams.set('per-page', String(request.perPage));
  url.searchParams.set('cursor', cursor);
  if (request.mailto) url.searchParams.set('mailto', request.mailto);
  return url.toString();
}

export function parseWorksPage(body: string, url: string, number: number): WorksPage {
  const where = `page ${number} (${redactUrl(url)})`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new HarvestPageError(
      `${where}: malformed JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const page = objectFields(value);
  const results = page?.results;
  if (!page || !Array.isArray(results)) throw new HarvestPageError(`${where}: no results array`);
  const next = objectFields(page.meta)?.next_cursor;
  return {
    number,
    url,
    changes: results.map((work) => workChange(work)),
    nextCursor: typeof next === 'string' && next !== '' ? next : null,
  };
}

/** A work as the OpenAlex reader maps it, with its `updated_date` for the harvest state. */
function workChange(
  work: unknown,
): { change: PaperChange; updated: string | null } | { skip: string } {
  const { record, sourceKey } = fromOpenAlexRecord(work);
  const mapped = mapRecord(record, sourceKey);
  const fields = objectFields(work);
  const name =
    typeof fields?.id === 'string'
      ? fields.id.replace(/^https?:\/\/openalex\.org\//i, '')
      : 'a work';
  if (!mapped.ok) return { skip: `${name}: ${mapped.reason}` };
  const updated = typeof fields?.updated_date === 'string' ? fields.updated_date : null;
  return { change: { op: 'upsert', paper: mapped.paper }, updated };
}
