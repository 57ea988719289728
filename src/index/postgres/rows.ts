import {
  fromPaperRecord,
  normalizeTitleKey,
  type Paper,
  type PaperRecord,
} from '../../corpus/paper.js';
import { authorKeys, categoryKeys } from '../filter.js';
import type { StoredPaper } from '../record-store.js';
import type { TextDocument } from '../text-index.js';

/**
 * One label's state in a version is one row with three independently written parts: the
 * record (with its facet keys), the text the lexical index ranks, and the vector. Each writer
 * of a build sets or clears its part; a row with no part left is deleted.
 */
export interface Part {
  name: 'record' | 'text' | 'vector';
  /** The columns the part owns. */
  columns: readonly string[];
  /** `jsonb_to_recordset` column definitions of its input rows (besides `label int`). */
  input: string;
  /** The SQL value of each column, over the input row `i`. */
  values: readonly string[];
  /** True for a row that holds the part. */
  present: string;
}

const RECORD_COLUMNS = [
  'id',
  'title',
  'abstract',
  'authors',
  'categories',
  'published',
  'url',
  'doi',
  'arxiv_id',
  'venue',
  'keywords',
  'content_hash',
  'text_hash',
  'year',
  'title_key',
  'category_keys',
  'author_keys',
] as const;

const RECORD_TYPES: Record<(typeof RECORD_COLUMNS)[number], string> = {
  id: 'text',
  title: 'text',
  abstract: 'text',
  authors: 'text[]',
  categories: 'text[]',
  published: 'text',
  url: 'text',
  doi: 'text',
  arxiv_id: 'text',
  venue: 'text',
  keywords: 'text[]',
  content_hash: 'text',
  text_hash: 'text',
  year: 'int',
  title_key: 'text',
  category_keys: 'text[]',
  author_keys: 'text[]',
};

/** The text search configuration both lexical engines tokenise and stem with. */
export const TEXT_CONFIG = 'english';

const tsvectorOf = (text: string) => `to_tsvector('${TEXT_CONFIG}', ${text})`;
/** Tokens the engine counts in a text: positions of its lexemes (stopwords left out). */
const tokensOf = (text: string) =>
  `(SELECT coalesce(sum(coalesce(cardinality(positions), 1)), 0)::int FROM unnest(${tsvectorOf(text)}))`;

export const RECORD_PART: Part = {
  name: 'record',
  columns: RECORD_COLUMNS,
  input: RECORD_COLUMNS.map((c) => `${c} ${RECORD_TYPES[c]}`).join(', '),
  values: RECORD_COLUMNS.map((c) => `i.${c}`),
  present: 'id IS NOT NULL',
};

export const TEXT_PART: Part = {
  name: 'text',
  columns: ['text_title', 'text_abstract', 'tsv', 'title_tokens', 'abstract_tokens'],
  input: 'title text, abstract text',
  values: [
    'i.title',
    'i.abstract',
    `setweight(${tsvectorOf('i.title')}, 'A') || setweight(${tsvectorOf('i.abstract')}, 'B')`,
    tokensOf('i.title'),
    tokensOf('i.abstract'),
  ],
  present: 'text_title IS NOT NULL',
};

export const VECTOR_PART: Part = {
  name: 'vector',
  columns: ['embedding'],
  input: 'embedding text',
  values: ['i.embedding::vector'],
  present: 'embedding IS NOT NULL',
};

export const PARTS: readonly Part[] = [RECORD_PART, TEXT_PART, VECTOR_PART];

/** Every column after the row's identity (label, valid_from, valid_to), in table order. */
export const DATA_COLUMNS: readonly string[] = PARTS.flatMap((p) => p.columns);

/** Column definitions of a generation's rows table. */
export const ROW_COLUMNS_DDL = `
  label int NOT NULL,
  valid_from int NOT NULL,
  valid_to int NOT NULL,
  ${RECORD_COLUMNS.map((c) => `${c} ${RECORD_TYPES[c]}`).join(',\n  ')},
  text_title text,
  text_abstract text,
  tsv tsvector,
  title_tokens int,
  abstract_tokens int,
  embedding vector,
  PRIMARY KEY (label, valid_from)`;

/** The record part of a row as jsonb_to_recordset reads it, facet keys included. */
export function recordInput(
  label: number,
  paper: Paper,
  contentHash: string,
  textHash: string,
): Record<string, unknown> {
  return {
    label,
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    categories: paper.categories,
    published: paper.published,
    url: paper.url,
    doi: paper.doi,
    arxiv_id: paper.arxivId,
    venue: paper.venue,
    keywords: paper.keywords,
    content_hash: contentHash,
    text_hash: textHash,
    year: yearOf(paper.published),
    title_key: normalizeTitleKey(paper.title),
    category_keys: unique(paper.categories.flatMap(categoryKeys)),
    author_keys: unique(paper.authors.flatMap(authorKeys)),
  };
}

export function textInput(doc: TextDocument): Record<string, unknown> {
  return { label: doc.label, title: doc.title, abstract: doc.abstract };
}

export function vectorInput(
  label: number,
  vector: Float32Array,
  dims: number,
): Record<string, unknown> {
  if (vector.length !== dims) {
    throw new RangeError(
      `vector for label ${label} has ${vector.length} dimensions, the index holds ${dims}`,
    );
  }
  return { label, embedding: vectorLiteral(vector) };
}

function yearOf(published: string | null): number | null {
  const year = published ? Number(published.slice(0, 4)) : NaN;
  return Number.isInteger(year) ? year : null;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The record columns a reader selects: the paper and its hashes, not the facet keys. */
export const RECORD_SELECT = `label, ${RECORD_COLUMNS.slice(0, RECORD_COLUMNS.indexOf('text_hash') + 1).join(', ')}`;

/** A record as selected: the external record shape plus the label and hashes. */
export interface RecordRow extends PaperRecord {
  label: number;
  content_hash: string;
  text_hash: string;
}

export function storedPaper(row: RecordRow): StoredPaper {
  const { label, content_hash: contentHash, text_hash: textHash, ...record } = row;
  return { ...fromPaperRecord(record), label, contentHash, textHash };
}

/**
 * pgvector's text form with each component written in the fewest digits that read back as
 * the same float32: exact, and about half the bytes of a double's digits on the wire.
 */
export function vectorLiteral(vector: Float32Array): string {
  const parts = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) parts[i] = shortestFloat32(vector[i]);
  return `[${parts.join(',')}]`;
}

function shortestFloat32(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`vector component is not finite: ${value}`);
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

/** A vector as pgvector prints it (`[0.1,0.2]`), back to float32. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(JSON.parse(text) as number[]);
}
