import type { Paper } from './paper.js';

/** Where in which file a record came from; readers report 1-based line numbers. */
export interface SourcePosition {
  file: string;
  line: number;
}

/** A reader yields parsed papers and skipped records alike, so nothing is lost silently. */
export type CorpusEvent =
  | ({ kind: 'paper'; paper: Paper } & SourcePosition)
  | ({ kind: 'skip'; reason: string } & SourcePosition);

/** Every reader streams its file; none loads a whole file into memory. */
export type CorpusReader = (file: string) => AsyncIterable<CorpusEvent>;

export type CorpusFormat = 'jsonl' | 'json' | 'csv' | 'arxiv' | 'listing';
