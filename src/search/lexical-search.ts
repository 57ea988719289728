import type { DocumentInput } from '../embed/embedder.js';
import type { PaperStore, TextMatch } from '../index/paper-store.js';
import type { LabelSelection } from './filters.js';
import {
  ftsQuery,
  ftsString,
  likeQuery,
  textQuery,
  TITLE_WEIGHT,
  type LexicalQuery,
} from './lexical-query.js';

/** BM25 column weights: a term in the title counts TITLE_WEIGHT times one in the abstract. */
export const BM25_WEIGHTS = { title: TITLE_WEIGHT, abstract: 1 };

/** Document frequencies kept per loaded index; the corpus of a version never changes. */
const MAX_CACHED_FREQUENCIES = 100_000;

export interface LexicalRequest {
  k: number;
  selection: LabelSelection | null;
  /** Labels never returned (the papers a query was made from). */
  exclude: ReadonlySet<number>;
}

/**
 * BM25 ranking over the store's FTS5 index of titles and abstracts, for free text and for
 * "papers like these". Filters are planned as for vectors: a selective filter is pushed into
 * the query as its candidate list; a broad one is applied to an over-fetched ranking.
 */
export class LexicalSearch {
  private readonly frequencies = new Map<string, number>();

  constructor(
    private readonly store: PaperStore,
    private readonly scanBelow: number,
  ) {}

  textQuery(text: string): LexicalQuery {
    return textQuery(text);
  }

  likeQuery(positive: readonly DocumentInput[], negative: readonly DocumentInput[]): LexicalQuery {
    return likeQuery(positive, negative, {
      papers: this.store.count,
      documentFrequency: (word) => this.documentFrequency(word),
    });
  }

  /** Best BM25 matches first; a query with no terms matches nothing. */
  search(query: LexicalQuery, request: LexicalRequest): TextMatch[] {
    const match = ftsQuery(query);
    if (match === null || request.k <= 0) return [];
    const { k, selection, exclude } = request;
    const run = (limit: number, labels?: number[]) =>
      this.store.matchText(match, { limit, weights: BM25_WEIGHTS, labels });
    const allowed = (m: TextMatch) =>
      !exclude.has(m.label) && (selection?.accepts(m.label) ?? true);

    if (selection && selection.estimate <= this.scanBelow) {
      return run(
        k,
        selection.candidates().filter((label) => !exclude.has(label)),
      );
    }
    // Unfiltered, only the excluded papers can displace results; a broad filter may reject
    // many, so the ranking is fetched four times deeper each round until k pass or it ends.
    for (let limit = k + exclude.size; ; limit *= 4) {
      const found = run(limit);
      const kept = found.filter(allowed);
      if (kept.length >= k || found.length < limit) return kept.slice(0, k);
    }
  }

  private documentFrequency(word: string): number {
    let df = this.frequencies.get(word);
    if (df === undefined) {
      if (this.frequencies.size >= MAX_CACHED_FREQUENCIES) this.frequencies.clear();
      df = this.store.countTextMatches(ftsString(word));
      this.frequencies.set(word, df);
    }
    return df;
  }
}
