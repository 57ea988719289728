import type { PaperRecord } from '../corpus/paper.js';
import { nameParts } from './author-parts.js';

/**
 * PaperRecords as RIS, the tagged format every reference manager imports: JOUR for a paper with
 * a venue (T2), GEN otherwise; AU as "Last, First, Suffix"; PY the year and DA the date to the
 * precision known; the arXiv id as AN "arXiv:<id>"; the paper's id as ID. Lines end in CRLF as
 * the format asks. Pure, with no Node imports: the web page loads it.
 */
export function toRis(records: readonly PaperRecord[]): string {
  return records.map(risRecord).join('\r\n');
}

export function risRecord(record: PaperRecord): string {
  const tags: [string, string | null][] = [
    ['TY', record.venue ? 'JOUR' : 'GEN'],
    ['TI', record.title],
    ...record.authors.map((author): [string, string] => ['AU', risName(author)]),
    ['T2', record.venue],
    ['PY', record.published?.slice(0, 4) ?? null],
    ['DA', risDate(record.published)],
    ['DO', record.doi],
    ['UR', record.url],
    ['AN', record.arxiv_id ? `arXiv:${record.arxiv_id}` : null],
    ...record.keywords.map((keyword): [string, string] => ['KW', keyword]),
    ['AB', record.abstract],
    ['ID', record.id],
  ];
  const lines = tags
    .filter((tag): tag is [string, string] => tag[1] !== null && tag[1] !== '')
    .map(([tag, value]) => `${tag}  - ${oneLine(value)}`);
  return `${lines.join('\r\n')}\r\nER  - \r\n`;
}

function risName(name: string): string {
  const parts = nameParts(name);
  if (parts.corporate) return parts.family;
  return [parts.family, parts.given, parts.suffix].filter((piece) => piece !== '').join(', ');
}

/** YYYY/MM/DD, or YYYY/MM when the day is not known (01), or nothing for 1 January. */
function risDate(published: string | null): string | null {
  if (!published) return null;
  const [year, month, day] = published.split('-');
  if (`${month}-${day}` === '01-01') return null;
  return day === '01' ? `${year}/${month}` : `${year}/${month}/${day}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
