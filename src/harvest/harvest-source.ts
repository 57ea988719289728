import type { PaperChange } from '../index/change-log.js';
import { arxivChange } from './arxiv-oai-record.js';
import { listRecords } from './oai-pmh.js';
import { listWorks } from './openalex-works.js';
import type { PoliteClient } from './polite-http.js';

/** Where a run starts: a window of record dates, or a token (cursor) an interrupted run kept. */
export interface HarvestStart {
  token: string | null;
  from: string | null;
  until: string | null;
}

/** One page of a source, as changes, checked whole before any of it is applied. */
export interface SourcePage {
  number: number;
  url: string;
  changes: PaperChange[];
  /** Records of the page that could not be mapped, as `id: reason`. */
  skipped: string[];
  /** Newest record date on the page (YYYY-MM-DD), null when it has none. */
  latest: string | null;
  /** The token or cursor that asks for the page after this one; null after the last. */
  next: string | null;
}

/** A source of papers a harvest pulls incrementally: arXiv's OAI-PMH, OpenAlex's works API. */
export interface HarvestSource {
  /** Names the source and its set or filter in the harvest state: `arxiv:cs`. */
  readonly key: string;
  pages(start: HarvestStart): AsyncIterable<SourcePage>;
}

export const ARXIV_OAI_ENDPOINT = 'https://oaipmh.arxiv.org/oai';
export const OPENALEX_ENDPOINT = 'https://api.openalex.org';

/** arXiv through OAI-PMH ListRecords in its own `arXiv` metadata format. */
export function arxivSource(
  client: PoliteClient,
  options: { endpoint: string; set: string | null },
): HarvestSource {
  return {
    key: `arxiv:${options.set ?? '*'}`,
    async *pages(start) {
      const request = {
        endpoint: options.endpoint,
        metadataPrefix: 'arXiv',
        set: options.set,
        from: start.from,
        until: start.until,
        resumptionToken: start.token,
      };
      for await (const page of listRecords(client, request)) {
        const changes: PaperChange[] = [];
        const skipped: string[] = [];
        for (const record of page.records) {
          const change = arxivChange(record);
          if ('skip' in change) skipped.push(change.skip);
          else changes.push(change);
        }
        const dates = page.records.map((record) => record.datestamp?.slice(0, 10) ?? null);
        yield {
          number: page.number,
          url: page.url,
          changes,
          skipped,
          latest: newest(dates),
          next: page.resumptionToken,
        };
      }
    },
  };
}

/** Filter keys that set the window of a run rather than what is harvested. */
const WINDOW_FILTERS = new Set(['from_updated_date', 'to_updated_date']);

/** OpenAlex works by `filter=`, cursor paging; the window is `from_updated_date`/`to_updated_date`. */
export function openAlexSource(
  client: PoliteClient,
  options: { endpoint: string; filter: string | null; mailto: string | null; perPage: number },
): HarvestSource {
  const parts = (options.filter ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const scope = parts.filter((part) => !WINDOW_FILTERS.has(part.split(':')[0]));
  const stated = (key: string) =>
    parts.find((part) => part.startsWith(`${key}:`))?.slice(key.length + 1) ?? null;
  return {
    key: `openalex:${scope.join(',') || '*'}`,
    async *pages(start) {
      const from = start.from ?? stated('from_updated_date');
      const until = start.until ?? stated('to_updated_date');
      const filter = [
        ...scope,
        ...(from ? [`from_updated_date:${from}`] : []),
        ...(until ? [`to_updated_date:${until}`] : []),
      ].join(',');
      const request = {
        endpoint: options.endpoint,
        filter: filter || null,
        mailto: options.mailto,
        perPage: options.perPage,
        cursor: start.token ?? '*',
      };
      for await (const page of listWorks(client, request)) {
        const changes: PaperChange[] = [];
        const skipped: string[] = [];
        const dates: Array<string | null> = [];
        for (const item of page.changes) {
          if ('skip' in item) {
            skipped.push(item.skip);
            continue;
          }
          changes.push(item.change);
          dates.push(item.updated?.slice(0, 10) ?? null);
        }
        yield {
          number: page.number,
          url: page.url,
          changes,
          skipped,
          latest: newest(dates),
          next: page.nextCursor,
        };
      }
    },
  };
}

/** The latest of ISO dates (they sort as text), ignoring absent ones. */
export function newest(dates: ReadonlyArray<string | null>): string | null {
  let latest: string | null = null;
  for (const date of dates) if (date && (latest === null || date > latest)) latest = date;
  return latest;
}
