import type { SearchAlgorithm } from '../../../src/index/embedded/text/segmented-text-index.js';
import { openTextIndex } from '../../../src/index/embedded/text/open-text-index.js';
import type { SegmentedTextIndex } from '../../../src/index/embedded/text/segmented-text-index.js';
import { TextIndexWriter } from '../../../src/index/embedded/text/text-index-writer.js';
import type { BenchQuery } from './bench-query.js';
import { byPrimaryCategory } from './category-order.js';
import type { LabelledPaper, LexicalEngine } from './engine.js';

const PUT_BATCH = 1000;

/** In what order papers go into the segment: the corpus', or grouped by primary category. */
export type BuildOrder = 'corpus' | 'category';

/** The project's segmented index, built as ingest would, searched with one strategy. */
export class SegmentEngine implements LexicalEngine {
  private index: SegmentedTextIndex | null = null;

  constructor(
    private readonly algorithm: SearchAlgorithm,
    private readonly order: BuildOrder = 'corpus',
  ) {}

  async build(papers: AsyncIterable<LabelledPaper>, dir: string): Promise<void> {
    const writer = new TextIndexWriter(dir);
    const ordered = this.order === 'category' ? byPrimaryCategory(papers, dir) : papers;
    let batch: Array<{ label: number; title: string; abstract: string }> = [];
    for await (const { label, paper } of ordered) {
      batch.push({ label, title: paper.title, abstract: paper.abstract });
      if (batch.length >= PUT_BATCH) {
        await writer.put(batch);
        batch = [];
      }
    }
    await writer.put(batch);
    await writer.commit();
  }

  async open(dir: string): Promise<void> {
    this.index = openTextIndex(dir, { algorithm: this.algorithm });
  }

  search(query: BenchQuery, k: number): number[] {
    if (!this.index) throw new Error('segment engine used before open');
    const exclude = query.source === null ? undefined : new Set([query.source]);
    return this.index.searchLabels(query, k, { exclude }).map((r) => r.label);
  }

  /** The open index, for building queries from its statistics. */
  opened(): SegmentedTextIndex {
    if (!this.index) throw new Error('segment engine used before open');
    return this.index;
  }

  async close(): Promise<void> {
    this.index = null;
  }
}
