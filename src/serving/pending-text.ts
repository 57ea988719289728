import { analyze } from '../embed/text-analyzer.js';
import { fts5Ceiling, fts5Idf, fts5Score } from '../index/bm25.js';
import type { Scored, TextStatistics, TextTerm } from '../index/text-index.js';

/** Title words count this many times in a paper's term frequencies, as in the indexes. */
const TITLE_WEIGHT = 2;

interface PendingDocument {
  label: number;
  /** Column-weighted term frequencies by stem. */
  frequencies: Map<string, number>;
  length: number;
}

/**
 * BM25 over the few papers written through the API since a version was built, scored with
 * the version's own statistics (documents, average length, document frequencies plus the
 * pending papers'), so they rank on the same scale as the papers indexed with it.
 */
export class PendingText {
  private readonly docs = new Map<number, PendingDocument>();

  get size(): number {
    return this.docs.size;
  }

  put(label: number, title: string, abstract: string): void {
    const frequencies = new Map<string, number>();
    const titleTerms = analyze(title);
    const abstractTerms = analyze(abstract);
    for (const term of titleTerms)
      frequencies.set(term, (frequencies.get(term) ?? 0) + TITLE_WEIGHT);
    for (const term of abstractTerms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    this.docs.set(label, { label, frequencies, length: titleTerms.length + abstractTerms.length });
  }

  remove(label: number): void {
    this.docs.delete(label);
  }

  /** Pending papers holding each term. */
  documentFrequencies(terms: readonly TextTerm[]): number[] {
    return terms.map((term) => {
      let n = 0;
      for (const doc of this.docs.values()) if (doc.frequencies.has(term.stem)) n++;
      return n;
    });
  }

  /**
   * Pending matches of the terms, scored as the base scores them: `base` are the base's
   * statistics, each term's base document frequency in order, and the base engine's score
   * ceiling for the terms. Each paper's BM25 share of the query is put on the base's scale.
   */
  score(
    terms: readonly TextTerm[],
    base: { statistics: TextStatistics; frequencies: readonly number[]; ceiling: number },
    accepts: (label: number) => boolean,
  ): Scored[] {
    if (this.docs.size === 0 || terms.length === 0) return [];
    const own = this.documentFrequencies(terms);
    const documents = base.statistics.documents + this.docs.size;
    const idfs = terms.map((_, i) => fts5Idf(documents, base.frequencies[i] + own[i]));
    const averageLength = base.statistics.averageLength || 1;
    const ownCeiling = fts5Ceiling(
      documents,
      terms.map((_, i) => base.frequencies[i] + own[i]),
    );
    const found: Scored[] = [];
    for (const doc of this.docs.values()) {
      if (!accepts(doc.label)) continue;
      const phrases = terms.flatMap((term, i) => {
        const hits = doc.frequencies.get(term.stem);
        return hits ? [{ idf: idfs[i] * term.weight, weightedHits: hits }] : [];
      });
      if (phrases.length > 0) {
        const share = fts5Score(phrases, doc.length, averageLength) / ownCeiling;
        found.push({ label: doc.label, score: share * base.ceiling });
      }
    }
    return found;
  }
}
