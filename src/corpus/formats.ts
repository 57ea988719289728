import { extname } from 'node:path';
import { isArxivRecord, readArxiv } from './arxiv-reader.js';
import { isBeirRecord, readBeir } from './beir.js';
import { readBibtex } from './bibtex-reader.js';
import { CorpusError } from './corpus-error.js';
import { readCsv } from './csv-reader.js';
import { readJson } from './json-reader.js';
import {
  firstLineIsObject,
  readJsonDocument,
  readJsonLineRecords,
  type JsonRecord,
} from './json-records.js';
import { readJsonl } from './jsonl-reader.js';
import { readListing } from './listing-reader.js';
import { isOpenAlexRecord, readOpenAlex } from './openalex.js';
import type { CorpusEvent, CorpusFormat, CorpusReader, ReaderOptions } from './reader.js';
import { readRis } from './ris-reader.js';
import { isS2Record, readS2 } from './semantic-scholar.js';
import { assertCorpusFile } from './source-file.js';

export interface ReadCorpusOptions extends ReaderOptions {
  /** Read every file in this format instead of detecting it. */
  format?: CorpusFormat;
}

export const READERS: Readonly<Record<CorpusFormat, CorpusReader>> = {
  jsonl: readJsonl,
  json: readJson,
  csv: readCsv,
  arxiv: readArxiv,
  s2: readS2,
  openalex: readOpenAlex,
  bibtex: readBibtex,
  ris: readRis,
  listing: readListing,
  beir: readBeir,
};

/** Formats whose field names `--map` can rename. */
const MAPPABLE: ReadonlySet<CorpusFormat> = new Set(['jsonl', 'json', 'csv']);

const EXTENSIONS: Readonly<Record<string, CorpusFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.ris': 'ris',
  '.txt': 'listing',
};

export function formatFromExtension(file: string): CorpusFormat | null {
  return EXTENSIONS[extname(file).toLowerCase()] ?? null;
}

/**
 * The explicit format wins; otherwise the extension decides, refined for JSON by the content:
 * a .json file whose first line is a whole JSON object is JSON Lines (the arXiv snapshot ships
 * as .json), and JSON whose first record is shaped like the arXiv snapshot, a Semantic Scholar
 * paper, an OpenAlex work or a BEIR corpus line is read as that source.
 */
export async function detectFormat(
  file: string,
  options: ReadCorpusOptions = {},
): Promise<CorpusFormat> {
  await assertCorpusFile(file);
  if (options.format) return options.format;
  const byExtension = formatFromExtension(file);
  if (byExtension === null) {
    const known = Object.keys(EXTENSIONS).join(', ');
    throw new CorpusError(file, `unknown corpus format: expected ${known} or an explicit format`);
  }
  if (byExtension !== 'jsonl' && byExtension !== 'json') return byExtension;
  const lines = byExtension === 'jsonl' || (await firstLineIsObject(file));
  const first = await firstValue(lines ? readJsonLineRecords(file) : readJsonDocument(file));
  return sourceOfRecord(first) ?? (lines ? 'jsonl' : 'json');
}

/** The API or dump a record comes from, judged by its fields; null for generic records. */
export function sourceOfRecord(value: unknown): CorpusFormat | null {
  if (isArxivRecord(value)) return 'arxiv';
  if (isOpenAlexRecord(value)) return 'openalex';
  if (isS2Record(value)) return 's2';
  if (isBeirRecord(value)) return 'beir';
  return null;
}

async function firstValue(records: AsyncIterable<JsonRecord>): Promise<unknown> {
  for await (const record of records) {
    if ('value' in record) return record.value;
  }
  return undefined;
}

/**
 * Events from every file in order. Formats are settled first, so a bad path, an unreadable
 * format or a misplaced `--map` fails before any event.
 */
export async function* readCorpus(
  files: readonly string[],
  options: ReadCorpusOptions = {},
): AsyncGenerator<CorpusEvent> {
  const formats: CorpusFormat[] = [];
  for (const file of files) {
    const format = await detectFormat(file, options);
    if (options.fieldMap?.size && !MAPPABLE.has(format)) {
      throw new CorpusError(
        file,
        `--map applies to JSON, JSON Lines and CSV inputs, not ${format}`,
      );
    }
    formats.push(format);
  }
  const readerOptions: ReaderOptions = { fieldMap: options.fieldMap, audit: options.audit };
  for (const [index, file] of files.entries()) yield* READERS[formats[index]](file, readerOptions);
}
