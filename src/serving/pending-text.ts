import {
  analyseDocument,
  bm25Ceiling,
  bm25Idf,
  bm25Score,
  distinctTerms,
  type AnalysedDocument,
} from '../index/bm25.js';
import type { Scored, TextStatistics, TextTerm } from '../index/text-index.js';

interface PendingDocument extends AnalysedDocument {
  label: number;
}

/** What the pending papers are scored against: the base engine's view of the query. */
export interface PendingBase {
  statistics: TextStatistics;
  /** Each distinct query term's base document frequency, in `distinctTerms` order. */
  frequencies: readonly number[];
  /** The base engine's score ceiling for the query. */
  ceiling: number;
  /** The base scores with the project's BM25, so pending scores need no rescaling. */
  projectBm25: boolean;
}

/**
 * BM25 (src/index/bm25.ts) over the few papers written through the API since a version was
 * built, scored with the statistics of the base and the pending papers together (documents,
 * average length, document frequencies), as an index holding both would score them. On a
 * base with another ranking (ts_rank, pg_textsearch) each paper's share of the query's
 * ceiling is put on the base's scale instead.
 */
export class PendingText {
  private readonly docs = new Map<number, PendingDocument>();
  /** The pending papers holding each stem: a query touches the papers it matches, not all. */
  private readonly postings = new Map<string, Set<number>>();
  private totalLength = 0;

  get size(): number {
    return this.docs.size;
  }

  put(label: number, title: string, abstract: string): void {
    this.remove(label);
    const doc = { label, ...analyseDocument(title, abstract) };
    this.docs.set(label, doc);
    this.totalLength += doc.length;
    for (const stem of doc.frequencies.keys()) {
      const holders = this.postings.get(stem);
      if (holders) holders.add(label);
      else this.postings.set(stem, new Set([label]));
    }
  }

  remove(label: number): void {
    const doc = this.docs.get(label);
    if (!doc) return;
    this.docs.delete(label);
    this.totalLength -= doc.length;
    for (const stem of doc.frequencies.keys()) {
      const holders = this.postings.get(stem);
      holders?.delete(label);
      if (holders?.size === 0) this.postings.delete(stem);
    }
  }

  /** Pending papers holding each term. */
  documentFrequencies(terms: ReadonlyArray<Pick<TextTerm, 'stem'>>): number[] {
    return terms.map((term) => this.postings.get(term.stem)?.size ?? 0);
  }

  /** The base's statistics with the pending papers added. */
  combinedStatistics(base: TextStatistics): TextStatistics {
    const documents = base.documents + this.docs.size;
    const length = base.documents * base.averageLength + this.totalLength;
    return { documents, averageLength: documents > 0 ? length / documents : 1 };
  }

  /** Pending matches of the query's terms, on the base's scale. */
  score(
    queryTerms: readonly TextTerm[],
    base: PendingBase,
    accepts: (label: number) => boolean,
  ): Scored[] {
    const terms = distinctTerms(queryTerms);
    if (this.docs.size === 0 || terms.length === 0) return [];
    const own = this.documentFrequencies(terms);
    const { documents, averageLength } = this.combinedStatistics(base.statistics);
    const weighted = terms.map((term, i) => ({
      ...term,
      documentFrequency: base.frequencies[i] + own[i],
    }));
    const factors = weighted.map((t) => t.weight * bm25Idf(documents, t.documentFrequency));
    const scale = base.projectBm25 ? 1 : base.ceiling / bm25Ceiling(documents, weighted);
    const found: Scored[] = [];
    for (const doc of this.matching(terms)) {
      if (!accepts(doc.label)) continue;
      const matched = terms.flatMap((term, i) => {
        const hits = doc.frequencies.get(term.stem);
        return hits ? [{ factor: factors[i], weightedHits: hits }] : [];
      });
      if (matched.length > 0) {
        found.push({
          label: doc.label,
          score: bm25Score(matched, doc.length, averageLength) * scale,
        });
      }
    }
    return found;
  }

  /** The pending papers holding any of the terms. */
  private matching(terms: ReadonlyArray<Pick<TextTerm, 'stem'>>): PendingDocument[] {
    const labels = new Set<number>();
    for (const term of terms)
      for (const label of this.postings.get(term.stem) ?? []) labels.add(label);
    return [...labels].map((label) => this.docs.get(label) as PendingDocument);
  }
}
