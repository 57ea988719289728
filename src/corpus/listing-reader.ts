import { CorpusError } from './corpus-error.js';
import { monthNumber, normalizePublished } from './dates.js';
import { markupKind } from './markup-sniff.js';
import type { CorpusEvent } from './reader.js';
import { recordEvent } from './record-mapper.js';
import { readLines, type NumberedLine } from './source-file.js';

/**
 * Plain-text dumps of paper listing pages. Two layouts occur:
 *  - 'blocks': paragraphs separated by blank lines (a paragraph may wrap over several lines);
 *  - 'lines':  one title line, then one abstract line, with no blank lines at all.
 * Both carry page boilerplate, which is dropped; in 'lines' dumps it can be glued onto the first
 * title ("SubscribeNorm of …"). After an abstract some dumps add an "N authors" line, a "·"
 * separator and a date line ("Dec 5, 2023", or "Jan 8" meaning the current year, optionally followed
 * by an upvote count). A date before the first paper is the page's own date and is ignored.
 *
 * Decisions: a date without a year cannot be placed, so `published` stays null for it rather than
 * guessing the year. Listings name no authors, so `authors` stays empty; the parsed count is kept
 * on ListingEntry only, as Paper has no field for it. Ids come from stableIdFromTitle.
 */
export type ListingLayout = 'blocks' | 'lines';

export interface ListingEntry {
  title: string;
  abstract: string;
  authorCount: number | null;
  published: string | null;
  /** Line of the title. */
  line: number;
}

export type ListingItem =
  ({ kind: 'entry' } & ListingEntry) | { kind: 'stray'; reason: string; line: number };

const BOILERPLATE = [
  'Get trending papers in your email inbox once a day!',
  'Get trending papers in your email inbox!',
  'byAK and the research community',
  'Daily Papers',
  'Subscribe',
];
/** "new" is boilerplate only as a whole line: as a glued prefix it would eat real words. */
const BOILERPLATE_LINES = new Set([...BOILERPLATE, 'new']);
const SEPARATOR_LINE = '·';
const AUTHOR_COUNT = /^(?:•\s*)?(\d+)\s+authors?$/;
const DATE_LINE = /^([A-Z][a-z]{2,8})\.? (\d{1,2})(?:, (\d{4}))?(?: \d+)?$/;
/** Titles are short; a longer paragraph where a title is due is an abstract whose title is lost. */
const MAX_TITLE_CHARS = 300;
/** Enough lines to see the boilerplate header and the first paper. */
const LAYOUT_SNIFF_LINES = 12;

type LineKind =
  | { type: 'blank' | 'boilerplate' }
  | { type: 'authors'; count: number }
  | { type: 'date'; published: string | null }
  | { type: 'content'; text: string };

/** 'blocks' when a blank line separates two text lines near the top of the file. */
export function detectListingLayout(head: readonly string[]): ListingLayout {
  const hasText = (line: string) => line.trim() !== '';
  const first = head.findIndex(hasText);
  const last = head.findLastIndex(hasText);
  return head.slice(first, last).some((line) => !hasText(line)) ? 'blocks' : 'lines';
}

export function classifyListingLine(raw: string, beforeFirstPaper: boolean): LineKind {
  const text = raw.trim();
  if (text === '') return { type: 'blank' };
  if (BOILERPLATE_LINES.has(text) || text === SEPARATOR_LINE) return { type: 'boilerplate' };
  const authors = AUTHOR_COUNT.exec(text);
  if (authors) return { type: 'authors', count: Number(authors[1]) };
  const date = DATE_LINE.exec(text);
  if (date && monthNumber(date[1]) !== null) {
    const [, month, day, year] = date;
    return {
      type: 'date',
      published: year ? normalizePublished(`${month} ${day}, ${year}`) : null,
    };
  }
  return { type: 'content', text: beforeFirstPaper ? stripGluedBoilerplate(text) : text };
}

function stripGluedBoilerplate(text: string): string {
  for (const phrase of BOILERPLATE) {
    if (text.startsWith(phrase)) return stripGluedBoilerplate(text.slice(phrase.length).trim());
  }
  return text;
}

/** Pairs text units into title + abstract and attaches the metadata lines that follow. */
class ListingAssembler {
  private readonly out: ListingItem[] = [];
  private paragraph: NumberedLine[] = [];
  private title: NumberedLine | null = null;
  private open: ListingEntry | null = null;
  private seenText = false;

  constructor(private readonly layout: ListingLayout) {}

  push(line: NumberedLine): ListingItem[] {
    const kind = classifyListingLine(line.text, !this.seenText);
    if (kind.type === 'content' && this.layout === 'blocks') {
      this.paragraph.push({ text: kind.text, line: line.line });
    } else {
      this.flushParagraph();
      this.apply(kind, line.line);
    }
    return this.drain();
  }

  end(): ListingItem[] {
    this.flushParagraph();
    this.closeOpen();
    if (this.title) {
      this.out.push({ kind: 'stray', reason: 'title without abstract', line: this.title.line });
    }
    return this.drain();
  }

  private apply(kind: LineKind, line: number): void {
    const meta = this.title === null ? this.open : null;
    if (kind.type === 'content') this.unit({ text: kind.text, line });
    else if (kind.type === 'authors' && meta) meta.authorCount = kind.count;
    else if (kind.type === 'date' && meta) meta.published = kind.published;
  }

  private flushParagraph(): void {
    if (this.paragraph.length === 0) return;
    const text = this.paragraph.map((part) => part.text).join(' ');
    this.unit({ text, line: this.paragraph[0].line });
    this.paragraph = [];
  }

  private unit(unit: NumberedLine): void {
    this.seenText = true;
    if (this.title) {
      const { text: title, line } = this.title;
      this.open = { title, abstract: unit.text, authorCount: null, published: null, line };
      this.title = null;
      return;
    }
    this.closeOpen();
    if (unit.text.length > MAX_TITLE_CHARS) {
      this.out.push({ kind: 'stray', reason: 'paragraph without a title', line: unit.line });
    } else {
      this.title = unit;
    }
  }

  private closeOpen(): void {
    if (this.open) this.out.push({ kind: 'entry', ...this.open });
    this.open = null;
  }

  private drain(): ListingItem[] {
    return this.out.splice(0, this.out.length);
  }
}

/** Streams listing entries; only the first few lines are held back, to pick the layout. */
export async function* parseListing(
  lines: AsyncIterable<NumberedLine>,
): AsyncGenerator<ListingItem> {
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const head = await take(iterator, LAYOUT_SNIFF_LINES);
    const assembler = new ListingAssembler(detectListingLayout(head.map((line) => line.text)));
    for (const line of head) yield* assembler.push(line);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield* assembler.push(next.value);
    }
    yield* assembler.end();
  } finally {
    await iterator.return?.();
  }
}

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

/** Entries looked at before deciding whether the file is a listing at all. */
const SNIFF_ENTRIES = 20;

export async function* readListing(file: string): AsyncGenerator<CorpusEvent> {
  let firstText: NumberedLine | null = null;
  const lines = tap(readLines(file), (line) => {
    if (firstText === null && line.text.trim() !== '') firstText = line;
  });
  const items = parseListing(lines)[Symbol.asyncIterator]();
  try {
    const head = await take(items, SNIFF_ENTRIES);
    refuseMarkup(file, firstText, head);
    for (const item of head) yield listingEvent(file, item);
    for (let next = await items.next(); !next.done; next = await items.next()) {
      yield listingEvent(file, next.value);
    }
  } finally {
    await items.return?.(undefined);
  }
}

async function* tap<T>(items: AsyncIterable<T>, see: (item: T) => void): AsyncGenerator<T> {
  for await (const item of items) {
    see(item);
    yield item;
  }
}

function listingEvent(file: string, item: ListingItem): CorpusEvent {
  return item.kind === 'entry'
    ? recordEvent(
        { title: item.title, abstract: item.abstract, published: item.published },
        { file, line: item.line },
      )
    : { kind: 'skip', reason: item.reason, file, line: item.line };
}

/**
 * A listing is plain text. When its first line or first "title", or half of the first titles,
 * are another format's markup (BibTeX, RIS, JSON, XML, a CSV header), the file is that format, misnamed or
 * forced with --format listing, and reading it as a listing would ingest markup as papers.
 */
function refuseMarkup(
  file: string,
  firstText: NumberedLine | null,
  head: readonly ListingItem[],
): void {
  const entries = head.filter((item) => item.kind === 'entry');
  const candidates = [
    ...(firstText ? [{ text: firstText.text, line: firstText.line }] : []),
    ...entries.map((entry) => ({ text: entry.title, line: entry.line })),
  ];
  const marked = candidates.map((candidate) => ({
    ...candidate,
    kind: markupKind(candidate.text),
  }));
  const markup = marked.filter((item) => item.kind !== null);
  if (markup.length === 0) return;
  if (marked[0].kind === null && markup.length * 2 < entries.length) return;
  const { text, line, kind } = markup[0];
  throw new CorpusError(
    file,
    `not a paper listing: it looks like ${kind} (line ${line}: "${text.trim().slice(0, 40)}"); ` +
      'give the file its usual extension or the matching --format',
  );
}
