import type { Restriction } from './filter.js';
import type { Scored } from './scored.js';

export type { Scored } from './scored.js';

/**
 * One analysed query term, engine-neutral: `word` is the analysed word before stemming (for
 * engines that stem with their own rules), `stem` the analyser's stem (for engines indexing
 * the analyser's output), `weight` its importance in the query (1 for free text).
 */
export interface TextTerm {
  word: string;
  stem: string;
  weight: number;
}

/** The terms a lexical ranking searches for, best first; a paper matches if it holds any. */
export interface TextQuery {
  terms: readonly TextTerm[];
}

/** Corpus statistics BM25 weighs with, for scoring papers outside the engine on its scale. */
export interface TextStatistics {
  documents: number;
  /** Mean document length in the engine's tokens (title and abstract). */
  averageLength: number;
}

/** BM25 ranking over titles and abstracts of one index version. */
export interface TextIndex {
  /**
   * True when the engine scores with the project's BM25 (src/index/bm25.ts) over the
   * analyser's stems: a paper scored outside it with its statistics lands on its scale.
   */
  readonly projectBm25?: boolean;
  /** The k best matches passing the restriction, best first. */
  search(query: TextQuery, k: number, restriction?: Restriction): Promise<Scored[]>;
  /** How many papers hold each term. */
  documentFrequencies(terms: readonly TextTerm[]): Promise<number[]>;
  statistics(): Promise<TextStatistics>;
  /**
   * The most any paper could score for these terms on this engine's scale: a score over it is
   * the share of the query a paper matches, comparable across queries and engines.
   */
  scoreCeiling(terms: readonly TextTerm[]): Promise<number>;
}

/** A paper's text as a build indexes it. */
export interface TextDocument {
  label: number;
  title: string;
  abstract: string;
}

/** The write side of a build. */
export interface TextWriter {
  /** Indexes each document under its label, replacing the text the label had. */
  put(docs: readonly TextDocument[]): Promise<void>;
  remove(labels: readonly number[]): Promise<void>;
}
