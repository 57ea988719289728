import type { CorpusAudit } from './corpus-audit.js';
import type { FieldMap } from './field-map.js';
import type { Paper } from './paper.js';
import type { LooseRecord } from './record-mapper.js';

/** Where in which file a record came from; readers report 1-based line numbers. */
export interface SourcePosition {
  file: string;
  line: number;
}

/** A reader yields parsed papers and skipped records alike, so nothing is lost silently. */
export type CorpusEvent =
  | ({ kind: 'paper'; paper: Paper } & SourcePosition)
  | ({
      kind: 'skip';
      reason: string;
      /** A BibTeX @string, @preamble or @comment: part of the file's syntax, not a record. */
      directive?: true;
    } & SourcePosition);

export type SkipEvent = Extract<CorpusEvent, { kind: 'skip' }>;

/**
 * A source record under the mapper's canonical names, before it is mapped into a Paper: what a
 * reference list (a library to recommend from) is read as, since a reference needs no abstract.
 */
export type RecordEvent =
  ({ kind: 'record'; record: LooseRecord; sourceKey: string | null } & SourcePosition) | SkipEvent;

/** What generic readers (JSON, JSON Lines, CSV) take besides the file. */
export interface ReaderOptions {
  /** `--map field=column` choices, ahead of the built-in field aliases. */
  fieldMap?: FieldMap;
  /** Counts empty known fields and unrecognised source fields, per file. */
  audit?: CorpusAudit;
}

/**
 * Every reader streams its file; none loads a whole file into memory. A file that is not in
 * the reader's format is refused with a CorpusError before any paper is yielded.
 */
export type CorpusReader = (file: string, options?: ReaderOptions) => AsyncIterable<CorpusEvent>;

export const CORPUS_FORMATS = [
  'jsonl',
  'json',
  'csv',
  'arxiv',
  's2',
  'openalex',
  'bibtex',
  'ris',
  'listing',
  'beir',
] as const;

export type CorpusFormat = (typeof CORPUS_FORMATS)[number];
