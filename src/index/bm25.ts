import { analyze } from '../embed/text-analyzer.js';
import type { TextTerm } from './text-index.js';

/**
 * The project's one BM25. The embedded text engine, papers still pending in the overlay and the
 * Postgres postings engine all score with these constants and functions, over the terms of the
 * project's analyser, so their scores share one scale. The constants and the idf are SQLite FTS5's bm25() (fts5_aux.c).
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** A term found in the title counts this many times in a paper's term frequency. */
export const TITLE_WEIGHT = 2;
/** A term found in the abstract counts once. */
export const ABSTRACT_WEIGHT = 1;

/**
 * FTS5's idf, log((N - n + 0.5) / (n + 0.5)), floored just above zero: a term in more than
 * half the papers still counts a little. (Lucene's BM25 idf adds 1 inside the log, so it
 * never falls that low; pg_textsearch uses Lucene's.)
 */
export function bm25Idf(documents: number, documentFrequency: number): number {
  const idf = Math.log((documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * Lucene's BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)): what pg_textsearch scores with, and
 * what "more like this" ranks a paper's terms by, as Lucene's MoreLikeThis does.
 */
export function luceneIdf(documents: number, documentFrequency: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The length part of BM25's denominator for a paper of `length` analysed terms. */
export function bm25Norm(length: number, averageLength: number): number {
  return BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength);
}

/** How much `f` weighted hits count in a paper with the given norm, before idf. */
export function bm25Saturation(f: number, norm: number): number {
  return (f * (BM25_K1 + 1)) / (f + norm);
}

/** A term's saturation tends to k1 + 1 as its frequency grows: its most a paper can score. */
export const SATURATION_LIMIT = BM25_K1 + 1;

/**
 * One paper's score: for each matched term, its factor (query weight times idf) times its
 * saturation at the paper's weighted hit count, summed in the query's term order.
 */
export function bm25Score(
  terms: ReadonlyArray<{ factor: number; weightedHits: number }>,
  length: number,
  averageLength: number,
): number {
  const norm = bm25Norm(length, averageLength);
  let score = 0;
  for (const { factor, weightedHits } of terms)
    score += factor * bm25Saturation(weightedHits, norm);
  return score;
}

/**
 * The most any paper can score for terms with these weights and document frequencies. A
 * score over this ceiling is the share of the query's weight a paper matches, comparable
 * across queries.
 */
export function bm25Ceiling(
  documents: number,
  terms: ReadonlyArray<{ weight: number; documentFrequency: number }>,
): number {
  return terms.reduce(
    (sum, { weight, documentFrequency }) =>
      sum + weight * bm25Idf(documents, documentFrequency) * SATURATION_LIMIT,
    0,
  );
}

/** A query's terms once each (weights of a repeated stem add up, its first word kept), in query order. */
export function distinctTerms(terms: readonly TextTerm[]): TextTerm[] {
  const byStem = new Map<string, TextTerm>();
  for (const term of terms) {
    const seen = byStem.get(term.stem);
    if (seen) seen.weight += term.weight;
    else byStem.set(term.stem, { ...term });
  }
  return [...byStem.values()];
}

/** A paper as BM25 sees it: weighted hit counts by stem, and its length in analysed terms. */
export interface AnalysedDocument {
  frequencies: Map<string, number>;
  length: number;
}

/** Analyses a paper's title and abstract into the frequencies and length BM25 scores. */
export function analyseDocument(title: string, abstract: string): AnalysedDocument {
  const frequencies = new Map<string, number>();
  const titleTerms = analyze(title);
  const abstractTerms = analyze(abstract);
  for (const term of titleTerms) frequencies.set(term, (frequencies.get(term) ?? 0) + TITLE_WEIGHT);
  for (const term of abstractTerms) {
    frequencies.set(term, (frequencies.get(term) ?? 0) + ABSTRACT_WEIGHT);
  }
  return { frequencies, length: titleTerms.length + abstractTerms.length };
}
