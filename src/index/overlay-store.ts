import type { Paper } from '../corpus/paper.js';
import type {
  FilterFacts,
  PaperStore,
  StoredPaper,
  TextMatch,
  TextMatchOptions,
} from './paper-store.js';
import { fts5Idf, fts5Score, queryPhrases } from './bm25.js';
import { SqlitePaperStore } from './sqlite-paper-store.js';

/**
 * A published (read-only) store seen through the papers written since it was built: an
 * in-memory store of upserted papers and the set of base labels they replaced or that were
 * deleted. Pending papers always get fresh labels above the base's, so the two label ranges
 * never mix and a label, once hidden, is never reused (HNSW graphs cannot safely re-point
 * a label that was deleted).
 *
 * Pending papers are found by their own small full-text index but scored by FTS5's BM25
 * with the statistics of both (rows, average length from the base, phrase frequencies
 * summed), so they rank among base papers as if they had been indexed with them.
 */
export class OverlayStore implements PaperStore {
  private readonly pending = SqlitePaperStore.open(':memory:');
  private readonly hidden = new Set<number>();
  private nextLabel: number;
  private baseTotals: { rows: number; tokens: number } | null = null;

  constructor(
    private readonly base: SqlitePaperStore,
    private readonly firstPendingLabel: number,
  ) {
    this.nextLabel = firstPendingLabel;
  }

  get count(): number {
    return this.base.count - this.hidden.size + this.pending.count;
  }

  /** Papers written since the base was built (still live). */
  get pendingCount(): number {
    return this.pending.count;
  }

  getById(id: string): StoredPaper | null {
    return this.pending.getById(id) ?? this.visibleBase(id);
  }

  getByLabels(labels: number[]): StoredPaper[] {
    const own = labels.filter((label) => this.isPending(label));
    const base = labels.filter((label) => !this.isPending(label) && !this.hidden.has(label));
    const found = new Map(
      [...this.base.getByLabels(base), ...this.pending.getByLabels(own)].map((p) => [p.label, p]),
    );
    return labels.flatMap((label) => found.get(label) ?? []);
  }

  *filterFacts(): Iterable<FilterFacts> {
    for (const facts of this.base.filterFacts()) if (!this.hidden.has(facts.label)) yield facts;
    yield* this.pending.filterFacts();
  }

  pendingFilterFacts(): Iterable<FilterFacts> {
    return this.pending.filterFacts();
  }

  *vectors(dims: number): Iterable<{ label: number; vector: Float32Array }> {
    for (const entry of this.base.vectors(dims)) if (!this.hidden.has(entry.label)) yield entry;
    yield* this.pending.vectors(dims);
  }

  getMeta(key: string): Buffer | null {
    return this.base.getMeta(key);
  }

  matchText(query: string, options: TextMatchOptions): TextMatch[] {
    const { labels } = options;
    const baseLabels = labels?.filter((l) => !this.isPending(l) && !this.hidden.has(l));
    const ownLabels = labels?.filter((l) => this.isPending(l));
    // Unrestricted, hidden papers may take places in the base ranking: fetch that much deeper.
    const fromBase =
      baseLabels?.length === 0
        ? []
        : this.base
            .matchText(query, {
              ...options,
              labels: baseLabels,
              limit: options.limit + (baseLabels ? 0 : this.hidden.size),
            })
            .filter((m) => !this.hidden.has(m.label));
    const fromPending =
      this.pending.count === 0 || ownLabels?.length === 0
        ? []
        : this.scorePending(query, { ...options, labels: ownLabels });
    return [...fromBase, ...fromPending]
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, options.limit);
  }

  /** Pending matches, scored as FTS5 would score them inside the base's index. */
  private scorePending(query: string, options: TextMatchOptions): TextMatch[] {
    const found = this.pending.matchText(query, { ...options, limit: this.pending.count });
    if (found.length === 0) return [];
    this.baseTotals ??= this.base.textTotals();
    const rows = this.baseTotals.rows + this.pending.count;
    const averageLength = this.baseTotals.rows > 0 ? this.baseTotals.tokens / this.baseTotals.rows : 1;
    const phrases = queryPhrases(query).map((phrase) => ({
      phrase,
      idf: fts5Idf(rows, this.countTextMatches(phrase)),
    }));
    const { title, abstract } = options.weights;
    return found.map(({ label }) => {
      let length = 0;
      const scored = phrases.map(({ phrase, idf }) => {
        const hits = this.pending.phraseHits(phrase, label);
        length = hits.length;
        return { idf, weightedHits: title * hits.title + abstract * hits.abstract };
      });
      return { label, score: fts5Score(scored, length, averageLength) };
    });
  }

  countTextMatches(query: string): number {
    const pending = this.pending.count === 0 ? 0 : this.pending.countTextMatches(query);
    return this.base.countTextMatches(query) + pending;
  }

  /**
   * Stores `paper` with its vector under a fresh label and hides the one its id had.
   * Returns the new label and the replaced one (null for a new id).
   */
  upsert(
    paper: Paper,
    contentHash: string,
    vector: Float32Array,
  ): { label: number; replaced: number | null } {
    const replaced = this.remove(paper.id);
    const label = this.nextLabel++;
    this.pending.transaction(() => {
      this.pending.putPaper(label, paper, contentHash);
      this.pending.putEmbedding(contentHash, vector);
    });
    return { label, replaced };
  }

  /** Removes the paper with this id; returns the label it had, null when there was none. */
  remove(id: string): number | null {
    const own = this.pending.getById(id);
    if (own) {
      this.pending.deleteLabel(own.label);
      return own.label;
    }
    const base = this.visibleBase(id);
    if (!base) return null;
    this.hidden.add(base.label);
    return base.label;
  }

  /** Closes the pending papers only: the base store belongs to the opened index version. */
  close(): void {
    this.pending.close();
  }

  private isPending(label: number): boolean {
    return label >= this.firstPendingLabel;
  }

  private visibleBase(id: string): StoredPaper | null {
    const paper = this.base.getById(id);
    return paper && !this.hidden.has(paper.label) ? paper : null;
  }
}
