import { CorpusError } from './corpus-error.js';
import { arxivIdIn } from './identifiers.js';
import type { CorpusEvent, RecordEvent, SkipEvent } from './reader.js';
import { mappedEvents, type LooseRecord } from './record-mapper.js';
import { readLines, sourceName, type TextSource } from './source-file.js';

/**
 * RIS (`.ris`), as Zotero, Mendeley, EndNote and publishers export it: one `TAG  - value` per
 * line, `TY` opening a record and `ER` closing it, AU and KW repeated. Hand-written because RIS
 * is line-based and the npm parsers (astrocite-ris, citation-js) parse whole strings and report
 * no line numbers. A line without a tag continues the previous value (EndNote wraps long
 * abstracts). A record left open by a new `TY` or by the end of the file may be truncated and
 * is skipped at its line. A file whose first line with text is not a `TY` tag is refused.
 */
const TAG_LINE = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

type Tags = Map<string, string[]>;

interface OpenRecord {
  line: number;
  tags: Tags;
  last: string | null;
}

/** Papers of a RIS file, or of RIS text in memory. */
export function readRis(source: TextSource): AsyncGenerator<CorpusEvent> {
  return mappedEvents(readRisRecords(source));
}

/** Every record's tags under the mapper's names, before mapping (a reference needs no abstract). */
export async function* readRisRecords(source: TextSource): AsyncGenerator<RecordEvent> {
  const file = sourceName(source);
  let open: OpenRecord | null = null;
  let seenText = false;
  for await (const { text, line } of readLines(source)) {
    if (text.trim() === '') continue;
    const tagged = TAG_LINE.exec(text.trimEnd());
    if (!seenText) refuseUnlessRecordStart(file, text, tagged?.[1]);
    seenText = true;
    if (!tagged) {
      if (open?.last) appendToLast(open, text.trim());
      continue;
    }
    const [, tag, value = ''] = tagged;
    if (tag === 'TY') {
      if (open) yield unclosed(file, open, `before line ${line}`);
      open = { line, tags: new Map(), last: null };
    } else if (tag === 'ER') {
      if (open) yield risEvent(file, open);
      open = null;
    } else if (open) {
      open.tags.set(tag, [...(open.tags.get(tag) ?? []), value.trim()]);
      open.last = tag;
    }
  }
  if (open) yield unclosed(file, open, 'at the end of the file');
}

function refuseUnlessRecordStart(file: string, text: string, tag: string | undefined): void {
  if (tag === 'TY') return;
  const shown = text.trim().slice(0, 60);
  throw new CorpusError(
    file,
    `not RIS: the first line with text is "${shown}", not a "TY  - " tag`,
  );
}

function appendToLast(open: OpenRecord, text: string): void {
  const values = open.tags.get(open.last as string) as string[];
  values[values.length - 1] = `${values[values.length - 1]} ${text}`;
}

function unclosed(file: string, open: OpenRecord, where: string): SkipEvent {
  return { kind: 'skip', reason: `RIS record not closed by ER ${where}`, file, line: open.line };
}

function risEvent(file: string, open: OpenRecord): RecordEvent {
  const sourceKey = first(open.tags, 'ID') ?? null;
  return { kind: 'record', record: fromRisTags(open.tags), sourceKey, file, line: open.line };
}

/** The tags of one record under the mapper's canonical names. */
export function fromRisTags(tags: Tags): LooseRecord {
  const url = first(tags, 'UR');
  return {
    title: first(tags, 'TI', 'T1'),
    abstract: first(tags, 'AB', 'N2'),
    authors: [...(tags.get('AU') ?? []), ...(tags.get('A1') ?? [])].map(risAuthor),
    published: risDate(first(tags, 'DA', 'Y1', 'PY')),
    year: risDate(first(tags, 'PY')),
    url,
    doi: first(tags, 'DO'),
    arxiv_id: arxivIdIn(first(tags, 'AN')) ?? arxivIdIn(url),
    venue: first(tags, 'JF', 'T2', 'JO', 'JA', 'BT'),
    keywords: tags.get('KW'),
  };
}

function first(tags: Tags, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = tags.get(name)?.find((item) => item !== '');
    if (value !== undefined) return value;
  }
  return undefined;
}

/** RIS writes "Last, First, Suffix"; Paper keeps "First Last Suffix". */
export function risAuthor(name: string): string {
  const [last, given, suffix] = name.split(',').map((part) => part.trim());
  if (given === undefined) return last;
  const tail = suffix !== undefined && SUFFIX.test(suffix) ? ` ${suffix}` : '';
  return `${given} ${last}${tail}`.trim();
}

/** "2019///", "2019/07/10/", "2019/07" → "2019", "2019-07-10", "2019-07". */
function risDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (!/^\d+$/.test(part)) break;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('-') : value;
}
