import { readJsonRecords } from './json-records.js';
import type { LooseRecord } from './record-mapper.js';
import { jsonRecordReader, type RecordSchema } from './record-source.js';

/**
 * The arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot"): one JSON object per line
 * with id, authors, authors_parsed, title, abstract, categories, versions, update_date and more.
 * Fields keep the hard line breaks of the original submissions; the record mapper collapses them.
 */
interface ArxivRecord {
  id?: unknown;
  title?: unknown;
  abstract?: unknown;
  authors?: unknown;
  authors_parsed?: unknown;
  categories?: unknown;
  versions?: unknown;
  update_date?: unknown;
  doi?: unknown;
  'journal-ref'?: unknown;
}

/** Rewrites a snapshot record into the loose shape the record mapper reads. */
export function fromArxivRecord(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as ArxivRecord;
  const id = typeof record.id === 'string' ? record.id.trim() : record.id;
  const loose: LooseRecord = {
    id,
    title: record.title,
    abstract: record.abstract,
    authors: authorsFromParsed(record.authors_parsed) ?? record.authors,
    categories: record.categories,
    // The first version's submission stamp is the publication date; update_date is the fallback.
    published: firstVersionCreated(record.versions),
    date: record.update_date,
    url: typeof id === 'string' && id !== '' ? `https://arxiv.org/abs/${id}` : null,
    arxiv_id: id,
    doi: record.doi,
    venue: record['journal-ref'],
  };
  return loose;
}

/** [[last, first, suffix], …] → ["First Last Suffix", …]; null when the shape is unexpected. */
export function authorsFromParsed(parsed: unknown): string[] | null {
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  const names: string[] = [];
  for (const parts of parsed) {
    if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) return null;
    const [last = '', first = '', suffix = ''] = parts as string[];
    names.push([first, last, suffix].filter((part) => part.trim() !== '').join(' '));
  }
  return names;
}

function firstVersionCreated(versions: unknown): unknown {
  if (!Array.isArray(versions) || versions.length === 0) return undefined;
  const first: unknown = versions[0];
  return typeof first === 'object' && first !== null
    ? (first as { created?: unknown }).created
    : undefined;
}

/** A snapshot record carries authors_parsed, or update_date together with versions. */
export function isArxivRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'authors_parsed' in value || ('update_date' in value && 'versions' in value);
}

export const ARXIV_SCHEMA: RecordSchema = {
  name: 'the arXiv metadata snapshot',
  marks: 'authors_parsed, or update_date with versions',
  recognise: isArxivRecord,
};

export const readArxiv = jsonRecordReader(
  readJsonRecords,
  (value) => ({ record: fromArxivRecord(value) }),
  ARXIV_SCHEMA,
);
