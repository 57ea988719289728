import { analyseDocument, bm25Idf, bm25Norm, bm25Ceiling, bm25Saturation } from '../index/bm25.js';
import type { Scored } from '../index/scored.js';

/**
 * BM25 over a few thousand papers held in memory, scored with the project's one BM25 (bm25.ts:
 * the same analysis, title weight, constants and idf as the indexes), each match as its share
 * of the query's ceiling: what the lexical half ranks by, for measuring it outside an index.
 */
export class PoolText {
  private readonly postings = new Map<string, Array<{ doc: number; hits: number }>>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  /** Indexes a paper under the next document number, which it returns. */
  add(title: string, abstract: string): number {
    const doc = this.lengths.length;
    const { frequencies, length } = analyseDocument(title, abstract);
    for (const [term, hits] of frequencies) {
      const list = this.postings.get(term) ?? [];
      list.push({ doc, hits });
      this.postings.set(term, list);
    }
    this.lengths.push(length);
    this.totalLength += length;
    return doc;
  }

  /** Documents holding any of the stems and accepted, scored as shares of the ceiling. */
  search(stems: readonly string[], accepts: (doc: number) => boolean): Scored[] {
    const documents = this.lengths.length;
    if (documents === 0 || stems.length === 0) return [];
    const averageLength = this.totalLength / documents || 1;
    const lists = stems.map((stem) => this.postings.get(stem) ?? []);
    const ceiling = bm25Ceiling(
      documents,
      lists.map((list) => ({ weight: 1, documentFrequency: list.length })),
    );
    const scores = new Map<number, number>();
    lists.forEach((list) => {
      const idf = bm25Idf(documents, list.length);
      for (const { doc, hits } of list) {
        if (!accepts(doc)) continue;
        const norm = bm25Norm(this.lengths[doc], averageLength);
        scores.set(doc, (scores.get(doc) ?? 0) + idf * bm25Saturation(hits, norm));
      }
    });
    return [...scores].map(([doc, score]) => ({ label: doc, score: score / ceiling }));
  }
}
