import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { scanBibtex, type BibChunk } from './bibtex-scanner.js';
import { CorpusError } from './corpus-error.js';
import { arxivIdIn, bareArxivId } from './identifiers.js';
import type { CorpusEvent, RecordEvent, SkipEvent } from './reader.js';
import { mappedEvents, type LooseRecord } from './record-mapper.js';
import { readLines, sourceName, type NumberedLine, type TextSource } from './source-file.js';

/**
 * BibTeX and BibLaTeX files (`.bib`), parsed with @retorquere/bibtex-parser, the parser behind
 * Better BibTeX for Zotero: it expands @string macros and `#` concatenation, decodes LaTeX
 * (accents, `--`, `~`, math symbols) to Unicode and parses name lists ("Last, First and …",
 * "{Corporate Name}"). It parses whole strings, so the file is first split into top-level
 * entries by a streaming scanner and each entry is parsed alone, with the macros defined so far.
 *
 * Each entry with a title and an abstract is a paper. @string, @preamble and @comment entries,
 * and volumes (@proceedings, @book, @collection, …) without an abstract, are skipped with a
 * reason saying so; a malformed entry is skipped at its line and the rest of the file is read.
 */
const PARSE_OPTIONS = {
  english: false,
  sentenceCase: false,
  caseProtection: false,
  unsupported: 'ignore',
} as const;

const DIRECTIVES = new Set(['string', 'preamble', 'comment']);
const VOLUME_TYPES = new Set([
  'proceedings',
  'mvproceedings',
  'book',
  'mvbook',
  'collection',
  'mvcollection',
  'periodical',
]);
/** A file with no entry in this many lines is not BibTeX. */
const SNIFF_LINES = 200;

type Macros = Record<string, string>;

/** Papers of a BibTeX file, or of BibTeX text in memory. */
export function readBibtex(source: TextSource): AsyncGenerator<CorpusEvent> {
  return mappedEvents(readBibtexRecords(source));
}

/** Every entry's fields under the mapper's names, before mapping (a reference needs no abstract). */
export async function* readBibtexRecords(source: TextSource): AsyncGenerator<RecordEvent> {
  const file = sourceName(source);
  const macros: Macros = {};
  for await (const chunk of scanBibtex(refuseUnlessBibtex(file, readLines(source)))) {
    const position = { file, line: chunk.line };
    if (chunk.kind === 'unterminated') {
      yield skip(position, `malformed BibTeX entry: @${chunk.type} ${unterminatedDetail(chunk)}`);
    } else if (DIRECTIVES.has(chunk.type)) {
      if (chunk.type === 'string')
        Object.assign(macros, parse(chunk.text, { strings: macros }).strings);
      yield { ...skip(position, `@${chunk.type} (not a paper)`), directive: true };
    } else {
      yield entryEvent(chunk.text, macros, position);
    }
  }
}

function entryEvent(
  text: string,
  macros: Macros,
  position: { file: string; line: number },
): RecordEvent {
  const library = parse(text, { ...PARSE_OPTIONS, strings: macros });
  const [entry] = library.entries;
  const [error] = library.errors;
  if (error || !entry) {
    const detail = error ? fileRelative(firstLine(error.error), position.line) : 'no entry found';
    return skip(position, `malformed BibTeX entry: ${detail}`);
  }
  const record = fromBibtexEntry(entry);
  if (VOLUME_TYPES.has(entry.type) && !record.abstract) {
    return skip(position, `@${entry.type} without abstract (not a paper)`);
  }
  return { kind: 'record', record, sourceKey: entry.key, ...position };
}

/** The fields of a parsed entry under the mapper's canonical names. */
export function fromBibtexEntry(entry: Entry): LooseRecord {
  const fields = entry.fields as Record<string, unknown>;
  const field = (name: string) => {
    const value = fields[name];
    return typeof value === 'string' ? plainText(value) : undefined;
  };
  const journal = field('journal') ?? field('journaltitle');
  return {
    title: field('title'),
    abstract: field('abstract'),
    authors: (entry.fields.author ?? []).map(creatorName),
    categories: field('primaryclass'),
    published: field('date') ?? yearMonth(field('year'), field('month')),
    url: field('url'),
    doi: field('doi'),
    arxiv_id: arxivId(field, journal),
    venue: journal ?? field('booktitle'),
    keywords: entry.fields.keywords,
  };
}

/** eprint with archivePrefix/eprinttype arXiv, Mendeley's arxivId, or an arXiv journal or link. */
function arxivId(field: (name: string) => string | undefined, journal: string | undefined) {
  const archive = (field('archiveprefix') ?? field('eprinttype'))?.toLowerCase();
  if (archive === 'arxiv') return bareArxivId(field('eprint') ?? null);
  return bareArxivId(field('arxivid') ?? null) ?? arxivIdIn(journal) ?? arxivIdIn(field('url'));
}

/** "First von Last Jr."; a braced corporate name is kept whole. */
export function creatorName(creator: Creator): string {
  if (creator.name) return creator.name;
  return [creator.firstName, creator.prefix, creator.lastName, creator.suffix]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
}

function yearMonth(year: string | undefined, month: string | undefined): string | undefined {
  if (!year) return undefined;
  return month && /^\d{1,2}$/.test(month) ? `${year}-${month}` : year;
}

/**
 * The HTML tags the parser renders for \emph, \textbf, \textsc, \url and the like, exactly as
 * it writes them (a literal "<a>" in a title came from \textless{}a\textgreater{} and stays).
 */
const MARKUP_TAG =
  /<(?:i|b|br|p|li|ul|code|sup|sub|blockquote)>|<\/(?:i|b|p|li|ul|code|sup|sub|span|a|blockquote)>|<span (?:style|class)="[^"<>]*">|<a href="[^"<>]*">/g;

/**
 * Plain text from a decoded field: markup tags dropped, and a dotless ı carrying an accent
 * (`{\'\i}` decodes so) written as the accented i it stands for.
 */
function plainText(value: string): string {
  return value
    .replace(MARKUP_TAG, ' ')
    .replace(/ı(?=[\u0300-\u036f])/g, 'i')
    .normalize('NFC');
}

function unterminatedDetail(chunk: Extract<BibChunk, { kind: 'unterminated' }>): string {
  const where = chunk.before === null ? 'the end of the file' : `line ${chunk.before}`;
  return `is not closed before ${where} (unbalanced braces)`;
}

function skip(position: { file: string; line: number }, reason: string): SkipEvent {
  return { kind: 'skip', reason, ...position };
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** The parser counts lines from the entry's start; the report counts them in the file. */
function fileRelative(message: string, entryLine: number): string {
  return message.replace(
    /\bline (\d+)/,
    (_, line: string) => `line ${entryLine + Number(line) - 1}`,
  );
}

/** Refuses a file that shows no BibTeX entry in its first lines, before any event. */
async function* refuseUnlessBibtex(
  file: string,
  lines: AsyncIterable<NumberedLine>,
): AsyncGenerator<NumberedLine> {
  const head: NumberedLine[] = [];
  let seenEntry = false;
  for await (const line of lines) {
    if (seenEntry) {
      yield line;
      continue;
    }
    head.push(line);
    seenEntry = /@\s*[A-Za-z][\w-]*\s*[{(]/.test(line.text);
    if (seenEntry) yield* head.splice(0);
    else if (head.length >= SNIFF_LINES) break;
  }
  if (!seenEntry) {
    throw new CorpusError(file, `not BibTeX: no @type{…} entry in the first ${head.length} lines`);
  }
}
