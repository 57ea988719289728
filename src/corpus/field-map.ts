import type { LooseRecord } from './record-mapper.js';

/**
 * Field names of generic records (JSON, JSON Lines, CSV), matched case-insensitively. Each known
 * field accepts the names below, first present wins; `--map field=column` puts a source column
 * of the user's choosing in front of them.
 */
export type KnownField = keyof LooseRecord;

export const FIELD_ALIASES: Readonly<Record<KnownField, readonly string[]>> = {
  id: ['id'],
  title: ['title'],
  abstract: ['abstract'],
  authors: ['authors', 'author', 'creators', 'creator'],
  categories: ['categories'],
  published: ['published'],
  date: ['date'],
  year: ['year'],
  url: ['url', 'link', 'site', 'pdf_url'],
  doi: ['doi'],
  arxiv_id: ['arxiv_id', 'arxivid', 'arxiv', 'eprint'],
  venue: ['venue', 'journal', 'booktitle', 'journal-ref', 'journal_ref'],
  keywords: ['keywords', 'keyword', 'tags', 'topics'],
};

export const KNOWN_FIELDS = Object.keys(FIELD_ALIASES) as KnownField[];

/** Known field → the source column (lower case) that feeds it first. */
export type FieldMap = ReadonlyMap<KnownField, string>;

export const NO_FIELD_MAP: FieldMap = new Map();

export interface FieldMapping {
  field: KnownField;
  column: string;
}

/** Parses one `field=column` mapping; throws an Error that names the known fields. */
export function parseFieldMapping(spec: string): FieldMapping {
  const separator = spec.indexOf('=');
  const field = spec.slice(0, separator).trim();
  const column = spec.slice(separator + 1).trim();
  if (separator < 0 || field === '' || column === '') {
    throw new Error(`expected field=column, got "${spec}"`);
  }
  if (!(KNOWN_FIELDS as string[]).includes(field)) {
    throw new Error(
      `unknown field "${field}" in "${spec}": known fields are ${KNOWN_FIELDS.join(', ')}`,
    );
  }
  return { field: field as KnownField, column: column.toLowerCase() };
}

export function fieldMapFrom(mappings: readonly FieldMapping[]): FieldMap {
  const map = new Map<KnownField, string>();
  for (const { field, column } of mappings) {
    if (map.has(field)) throw new Error(`field "${field}" is mapped twice`);
    map.set(field, column);
  }
  return map;
}

/** A generic record under canonical names, and the source fields no known field took. */
export interface CanonicalRecord {
  record: unknown;
  unmapped: string[];
}

/** Renames a generic record's fields to the canonical ones; non-objects pass through. */
export function canonicalRecord(value: unknown, fieldMap: FieldMap): CanonicalRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { record: value, unmapped: [] };
  }
  const byName = new Map<string, unknown>();
  for (const [key, field] of Object.entries(value)) byName.set(key.toLowerCase(), field);
  const record: Record<string, unknown> = {};
  const recognised = new Set<string>();
  for (const field of KNOWN_FIELDS) {
    const names = columnsFor(field, fieldMap);
    for (const name of names) recognised.add(name);
    const present = names.find((name) => !isEmptyValue(byName.get(name)));
    if (present !== undefined) record[field] = byName.get(present);
  }
  const unmapped = [...byName.keys()].filter((name) => !recognised.has(name));
  return { record, unmapped };
}

function columnsFor(field: KnownField, fieldMap: FieldMap): readonly string[] {
  const mapped = fieldMap.get(field);
  return mapped === undefined ? FIELD_ALIASES[field] : [mapped, ...FIELD_ALIASES[field]];
}

export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}
