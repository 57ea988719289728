import { normalizePublished } from './dates.js';
import { normalizeWhitespace, stableIdFromTitle, type Paper } from './paper.js';
import type { CorpusEvent, SourcePosition } from './reader.js';

/**
 * Turns the loose records of JSON, JSON Lines, CSV and arXiv inputs into Papers. Absent means
 * undefined, null or an empty string (CSV has no null); a present field of the wrong type rejects
 * the record rather than being guessed at.
 */
export type MappedRecord = { ok: true; paper: Paper } | { ok: false; reason: string };

/** "A, B and C", "A; B", "A, B, and C". */
const AUTHOR_SEPARATOR = /\s*(?:[,;]|\band\b)\s*/;
/** "cs.LG stat.ML" or "cs.LG, stat.ML". */
const CATEGORY_SEPARATOR = /[\s,;]+/;
const DATE_FIELDS = ['published', 'date', 'year'] as const;
/** "graphs; spectra" or "graphs, spectra". */
const KEYWORD_SEPARATOR = /\s*[,;]\s*/;

class RecordRejected extends Error {}

export function mapRecord(value: unknown): MappedRecord {
  try {
    return { ok: true, paper: toPaper(value) };
  } catch (error) {
    if (error instanceof RecordRejected) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The reader-facing form: a paper event or a skip event at the record's position. */
export function recordEvent(value: unknown, position: SourcePosition): CorpusEvent {
  const mapped = mapRecord(value);
  return mapped.ok
    ? { kind: 'paper', paper: mapped.paper, ...position }
    : { kind: 'skip', reason: mapped.reason, ...position };
}

function toPaper(record: unknown): Paper {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new RecordRejected('record is not an object');
  }
  const fields = record as Record<string, unknown>;
  const title = requiredText(fields, 'title');
  const abstract = requiredText(fields, 'abstract');
  return {
    id: optionalId(fields.id) ?? stableIdFromTitle(title),
    title,
    abstract,
    authors: nameList(fields, 'authors', AUTHOR_SEPARATOR),
    categories: nameList(fields, 'categories', CATEGORY_SEPARATOR),
    published: DATE_FIELDS.map((key) => normalizePublished(fields[key])).find(Boolean) ?? null,
    url: optionalUrl(fields),
    doi: bareDoi(optionalString(fields, 'doi')),
    arxivId: optionalString(fields, 'arxiv_id'),
    venue: optionalString(fields, 'venue'),
    keywords: nameList(fields, 'keywords', KEYWORD_SEPARATOR),
  };
}

/** `https://doi.org/10.1/x`, `doi:10.1/x` and `10.1/x` all name the DOI `10.1/x`. */
export function bareDoi(doi: string | null): string | null {
  if (!doi) return null;
  return doi.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '') || null;
}

function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

function requiredText(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (isAbsent(value)) throw new RecordRejected(`missing ${key}`);
  if (typeof value !== 'string') throw new RecordRejected(`${key} is not a string`);
  const text = normalizeWhitespace(value);
  if (text === '') throw new RecordRejected(`missing ${key}`);
  return text;
}

function optionalId(value: unknown): string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') throw new RecordRejected('id is not a string or an integer');
  return normalizeWhitespace(value) || undefined;
}

function nameList(fields: Record<string, unknown>, key: string, separator: RegExp): string[] {
  const value = fields[key];
  if (isAbsent(value)) return [];
  const parts = typeof value === 'string' ? value.split(separator) : value;
  if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) {
    throw new RecordRejected(`${key} is not a string or a list of strings`);
  }
  return parts.map(normalizeWhitespace).filter((part) => part !== '');
}

/** An explicit url wins; a DOI becomes its resolver link. */
function optionalUrl(fields: Record<string, unknown>): string | null {
  const url = optionalString(fields, 'url');
  if (url) return url;
  const doi = optionalString(fields, 'doi');
  if (!doi) return null;
  return /^https?:\/\//i.test(doi) ? doi : `https://doi.org/${doi.replace(/^doi:\s*/i, '')}`;
}

function optionalString(fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw new RecordRejected(`${key} is not a string`);
  return normalizeWhitespace(value) || null;
}
