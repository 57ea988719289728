import { extname } from 'node:path';
import { readArxiv } from './arxiv-reader.js';
import { CorpusError } from './corpus-error.js';
import { readCsv } from './csv-reader.js';
import { readJson } from './json-reader.js';
import { readJsonl } from './jsonl-reader.js';
import { readListing } from './listing-reader.js';
import type { CorpusEvent, CorpusFormat, CorpusReader } from './reader.js';
import { assertCorpusFile, firstTextLine } from './source-file.js';

export interface ReadCorpusOptions {
  /** Read every file in this format instead of detecting it. */
  format?: CorpusFormat;
  /** Treat JSON Lines inputs as the arXiv metadata snapshot without sniffing. */
  arxiv?: boolean;
}

export const READERS: Readonly<Record<CorpusFormat, CorpusReader>> = {
  jsonl: readJsonl,
  json: readJson,
  csv: readCsv,
  arxiv: readArxiv,
  listing: readListing,
};

const EXTENSIONS: Readonly<Record<string, CorpusFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.txt': 'listing',
};

export function formatFromExtension(file: string): CorpusFormat | null {
  return EXTENSIONS[extname(file).toLowerCase()] ?? null;
}

/** A snapshot record carries authors_parsed, or update_date together with versions. */
export function isArxivRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'authors_parsed' in value || ('update_date' in value && 'versions' in value);
}

/**
 * The explicit format wins; otherwise the extension decides, refined by the first record:
 * a .json file whose first line is a whole JSON object is JSON Lines (the arXiv snapshot ships
 * as .json), and JSON Lines shaped like the snapshot are read as arXiv.
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
  const first = parseObject(await firstTextLine(file));
  if (byExtension === 'json' && first === undefined) return 'json';
  return options.arxiv || isArxivRecord(first) ? 'arxiv' : 'jsonl';
}

function parseObject(line: string | null): object | undefined {
  if (line === null || !line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Events from every file in order; formats are settled first, so a bad path fails up front. */
export async function* readCorpus(
  files: readonly string[],
  options: ReadCorpusOptions = {},
): AsyncGenerator<CorpusEvent> {
  const formats: CorpusFormat[] = [];
  for (const file of files) formats.push(await detectFormat(file, options));
  for (const [index, file] of files.entries()) yield* READERS[formats[index]](file);
}
