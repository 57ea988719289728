import { nameOfObject, splitAuthorList } from './author-names.js';
import { normalizePublished } from './dates.js';
import { arxivIdFromDoi, arxivLink, bareArxivId, bareDoi, doiLink } from './identifiers.js';
import { normalizeWhitespace, stableIdFromTitle, type Paper } from './paper.js';

/** Text as stored: composed Unicode (sources mix NFC and NFD), whitespace collapsed. */
export function cleanText(text: string): string {
  return normalizeWhitespace(text.normalize('NFC'));
}
import type { CorpusEvent, RecordEvent, SourcePosition } from './reader.js';

/**
 * Turns the loose records every reader produces into Papers. Readers rename their source's
 * fields to the canonical names of LooseRecord; values stay as found. Absent means undefined,
 * null, an empty string (CSV has no null) or an empty list; a present field of the wrong type
 * rejects the record rather than being guessed at.
 */
export interface LooseRecord {
  /** An id the record states explicitly (JSON, CSV, the arXiv snapshot); it wins over all else. */
  id?: unknown;
  title?: unknown;
  abstract?: unknown;
  authors?: unknown;
  categories?: unknown;
  published?: unknown;
  date?: unknown;
  year?: unknown;
  url?: unknown;
  doi?: unknown;
  arxiv_id?: unknown;
  venue?: unknown;
  keywords?: unknown;
}

export type MappedRecord = { ok: true; paper: Paper } | { ok: false; reason: string };

/** arXiv's category names ("cs.LG", "hep-th"), which are space-separated in its listings. */
const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;
const DATE_FIELDS = ['published', 'date', 'year'] as const;
/** "graphs; spectra" or "graphs, spectra". */
const KEYWORD_SEPARATOR = /[,;]/;

class RecordRejected extends Error {}

/**
 * @param sourceKey the source's own name for the record (a citation key, `s2:<paperId>`), used
 *   as the id when the record has neither an explicit id, an arXiv id nor a DOI.
 */
export function mapRecord(value: unknown, sourceKey?: string | null): MappedRecord {
  try {
    return { ok: true, paper: toPaper(value, sourceKey ?? null) };
  } catch (error) {
    if (error instanceof RecordRejected) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The reader-facing form: a paper event or a skip event at the record's position. */
export function recordEvent(
  value: unknown,
  position: SourcePosition,
  sourceKey?: string | null,
): CorpusEvent {
  const mapped = mapRecord(value, sourceKey);
  return mapped.ok
    ? { kind: 'paper', paper: mapped.paper, ...position }
    : { kind: 'skip', reason: mapped.reason, ...position };
}

/** Papers from a reader's records: each record mapped, skips passed on as they are. */
export async function* mappedEvents(
  events: AsyncIterable<RecordEvent>,
): AsyncGenerator<CorpusEvent> {
  for await (const event of events) {
    if (event.kind === 'skip') yield event;
    else yield recordEvent(event.record, { file: event.file, line: event.line }, event.sourceKey);
  }
}

/**
 * The one id rule of every format: an explicit id, else the arXiv id, else the DOI as
 * `doi:<doi>`, else the source's own key, else a hash of the normalised title.
 */
export function paperId(
  explicit: string | null,
  ids: Pick<Paper, 'arxivId' | 'doi' | 'title'>,
  sourceKey: string | null,
): string {
  if (explicit) return explicit;
  if (ids.arxivId) return ids.arxivId;
  if (ids.doi) return `doi:${ids.doi}`;
  return sourceKey || stableIdFromTitle(ids.title);
}

function toPaper(record: unknown, sourceKey: string | null): Paper {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new RecordRejected('record is not an object');
  }
  const fields = record as Record<string, unknown>;
  const title = requiredText(fields, 'title');
  const abstract = requiredText(fields, 'abstract');
  const doi = bareDoi(optionalString(fields, 'doi'));
  const arxivId = bareArxivId(optionalString(fields, 'arxiv_id')) ?? arxivIdFromDoi(doi);
  return {
    id: paperId(optionalId(fields.id), { arxivId, doi, title }, sourceKey),
    title,
    abstract,
    authors: authorList(fields.authors),
    categories: nameList(fields, 'categories', splitCategories),
    published: DATE_FIELDS.map((key) => normalizePublished(fields[key])).find(Boolean) ?? null,
    url: optionalString(fields, 'url') ?? fallbackUrl(doi, arxivId),
    doi,
    arxivId,
    venue: optionalString(fields, 'venue'),
    keywords: nameList(fields, 'keywords', (text) => text.split(KEYWORD_SEPARATOR)),
  };
}

/**
 * "a; b" and "a, b" split at their separators; whitespace separates only arXiv-style names
 * ("cs.LG stat.ML"), so a topic such as "Machine Learning" stays whole.
 */
function splitCategories(text: string): string[] {
  if (text.includes(';')) return text.split(';');
  if (text.includes(',')) return text.split(',');
  const words = text.trim().split(/\s+/);
  return words.every((word) => ARXIV_CATEGORY.test(word)) ? words : [text];
}

/** A DOI becomes its resolver link, an arXiv id its abstract page. */
function fallbackUrl(doi: string | null, arxivId: string | null): string | null {
  if (doi) return doiLink(doi);
  return arxivId ? arxivLink(arxivId) : null;
}

export function isAbsent(value: unknown): value is undefined | null | '' | [] {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function requiredText(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (isAbsent(value)) throw new RecordRejected(`missing ${key}`);
  if (typeof value !== 'string') throw new RecordRejected(`${key} is not a string`);
  const text = cleanText(value);
  if (text === '') throw new RecordRejected(`missing ${key}`);
  return text;
}

function optionalId(value: unknown): string | null {
  if (isAbsent(value)) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') throw new RecordRejected('id is not a string or an integer');
  return cleanText(value) || null;
}

/** Names as a list of strings or name objects, or one string in any common list form. */
function authorList(value: unknown): string[] {
  if (isAbsent(value)) return [];
  if (typeof value === 'string') return cleanList(splitAuthorList(value));
  const names = Array.isArray(value)
    ? value.map((item) => (typeof item === 'object' && item !== null ? nameOfObject(item) : item))
    : null;
  if (!names?.every((name) => typeof name === 'string')) {
    throw new RecordRejected('authors is not a string or a list of names');
  }
  return cleanList(names as string[]);
}

function nameList(
  fields: Record<string, unknown>,
  key: string,
  split: (text: string) => string[],
): string[] {
  const value = fields[key];
  if (isAbsent(value)) return [];
  const parts = typeof value === 'string' ? split(value) : value;
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) {
    throw new RecordRejected(`${key} is not a string or a list of strings`);
  }
  return cleanList(parts);
}

function cleanList(parts: readonly string[]): string[] {
  return parts.map(cleanText).filter((part) => part !== '');
}

function optionalString(fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw new RecordRejected(`${key} is not a string`);
  return cleanText(value) || null;
}
