import type { Paper } from '../corpus/paper.js';

/** A paper as an index holds it: the record plus its integer label and hashes. */
export interface StoredPaper extends Paper {
  label: number;
  /** Hash of everything in the record: a change of any field changes it. */
  contentHash: string;
  /** Hash of the exact text the embedder saw: embeddings are reused by it. */
  textHash: string;
}

/** How a caller may name a paper: its id, DOI (any case), arXiv id, or exact normalised title. */
export type PaperRef = { id: string } | { doi: string } | { arxivId: string } | { title: string };

/** Papers of one index version by id, reference or label. */
export interface RecordStore {
  count(): Promise<number>;
  find(ref: PaperRef): Promise<StoredPaper | null>;
  /** Papers for the labels, in the same order; unknown labels are left out. */
  byLabels(labels: readonly number[]): Promise<StoredPaper[]>;
}

/** What a build compares an input against: one held paper's label and hashes. */
export interface PaperIdentity {
  label: number;
  id: string;
  contentHash: string;
  textHash: string;
}

/** The write side of a build. */
export interface RecordWriter extends RecordStore {
  /** Every held paper, in label order (an update starts with the base's). */
  identities(): AsyncIterable<PaperIdentity>;
  /** Stores each paper under its label, replacing what the label held; all or nothing. */
  put(
    entries: ReadonlyArray<{ label: number; paper: Paper; contentHash: string; textHash: string }>,
  ): Promise<void>;
  remove(labels: readonly number[]): Promise<void>;
  /** Titles and abstracts in label order, a page at a time (fitting corpus-level models). */
  documents(
    pageSize: number,
  ): AsyncIterable<Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>>;
  /** Hash over every paper's id and content, in label order: equal corpora, equal checksum. */
  checksum(): Promise<string>;
}
