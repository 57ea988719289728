import type { PaperRecord } from '../corpus/paper.js';

/**
 * PaperRecords as CSV (RFC 4180): a header of the record's field names, lists joined with "; "
 * (the separator the CSV reader splits on first), fields quoted when they hold a quote, a comma
 * or a line break. Pure, with no Node imports: the web page loads it.
 */
const COLUMNS = [
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
] as const satisfies readonly (keyof PaperRecord)[];

export function toCsv(records: readonly PaperRecord[]): string {
  const rows = [COLUMNS.join(','), ...records.map(csvRow)];
  return `${rows.join('\r\n')}\r\n`;
}

export function csvRow(record: PaperRecord): string {
  return COLUMNS.map((column) => csvField(cellText(record[column]))).join(',');
}

function cellText(value: string | string[] | null): string {
  if (value === null) return '';
  if (!Array.isArray(value)) return value;
  // One item holding a comma ("King, Jr.") gets a trailing ";" so it is not split on commas.
  return value.join('; ') + (value.length === 1 && value[0].includes(',') ? ';' : '');
}

export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
