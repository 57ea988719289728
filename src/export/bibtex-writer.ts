import type { PaperRecord } from '../corpus/paper.js';
import { nameParts } from './author-parts.js';
import { citationKeys } from './citation-keys.js';

/**
 * PaperRecords as a BibTeX file a reference manager imports (Zotero, JabRef, BibDesk, biber).
 * A paper with a venue is an @article in that journal, one without a @misc; an arXiv paper
 * carries eprint, archivePrefix and its first category as primaryClass. Text fields escape
 * LaTeX's special characters and the ligatures BibTeX would form (`--`, ``` `` ```), keep
 * non-ASCII as UTF-8, and the title is double-braced so styles keep its capitals. Dates write
 * year, month when known, and biblatex's `date` when the day is. Pure, with no Node imports:
 * the web page loads it.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

export function toBibtex(records: readonly PaperRecord[]): string {
  const keys = citationKeys(records);
  return records.map((record, index) => bibtexEntry(record, keys[index])).join('\n');
}

export function bibtexEntry(record: PaperRecord, key: string): string {
  const fields: [string, string][] = [
    ['title', `{${escapeText(record.title)}}`],
    ['author', record.authors.map(bibtexName).join(' and ')],
  ];
  if (record.venue) fields.push(['journal', escapeText(record.venue)]);
  fields.push(...dateFields(record.published));
  if (record.doi) fields.push(['doi', verbatim(record.doi)]);
  if (record.url) fields.push(['url', verbatim(record.url)]);
  if (record.arxiv_id) {
    fields.push(['eprint', verbatim(record.arxiv_id)], ['archivePrefix', 'arXiv']);
    if (record.categories.length > 0) fields.push(['primaryClass', verbatim(record.categories[0])]);
  }
  if (record.keywords.length > 0) fields.push(['keywords', verbatim(record.keywords.join(', '))]);
  fields.push(['abstract', escapeText(record.abstract)]);
  const body = fields
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `  ${name} = ${name === 'month' ? value : `{${value}}`},`);
  return `@${record.venue ? 'article' : 'misc'}{${key},\n${body.join('\n')}\n}\n`;
}

/** Text for a braced field value: specials escaped, ligature-forming pairs broken with {}. */
export function escapeText(text: string): string {
  return text
    .replace(/[\\{}%&#_$~^<>]/g, (char) => SPECIAL[char])
    .replace(/-(?=-)/g, '-{}')
    .replace(/`/g, '`{}')
    .replace(/'(?=')/g, "'{}")
    .replace(/([?!])(?=`)/g, '$1{}');
}

/** "Last, First", "Last, Jr., First", or a corporate name braced whole. */
function bibtexName(name: string): string {
  const parts = nameParts(name);
  if (parts.corporate) return `{${escapeText(parts.family)}}`;
  const pieces = [parts.family, parts.suffix, parts.given].filter((piece) => piece !== '');
  return pieces.map(escapeText).join(', ');
}

/** Verbatim fields (url, doi, eprint, keywords) keep their text; only braces must balance. */
function verbatim(text: string): string {
  return text.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

function dateFields(published: string | null): [string, string][] {
  if (!published) return [];
  const [year, month, day] = published.split('-');
  const fields: [string, string][] = [['year', year]];
  if (month && `${month}-${day}` !== '01-01') fields.push(['month', MONTHS[Number(month) - 1]]);
  if (day && day !== '01') fields.push(['date', published]);
  return fields;
}
