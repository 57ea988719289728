import { normalizeTitleKey } from '../corpus/paper.js';
import { ExactGraph } from '../index/exact-graph.js';
import { distinctTerms } from '../index/bm25.js';
import { paperMatches, type Restriction } from '../index/filter.js';
import type { PaperRef, RecordStore, StoredPaper } from '../index/record-store.js';
import type {
  Scored,
  TextIndex,
  TextQuery,
  TextStatistics,
  TextTerm,
} from '../index/text-index.js';
import type { Neighbour, VectorIndex } from '../index/vector-index.js';
import { PendingText } from './pending-text.js';

/** What a served version is read through: records, vectors and text, as the seams define them. */
export interface ServedParts {
  records: RecordStore;
  vectors: VectorIndex;
  text: TextIndex;
}

/**
 * A published version seen through the papers written since it was built: papers upserted
 * through the API live in memory (records, an exact vector scan, a small text index) under
 * fresh labels above the version's, and the base labels they replaced or that were deleted
 * are hidden from every base result. Works over any backend, since it only reads the seams.
 * A label, once hidden, is never reused: HNSW graphs cannot safely re-point a deleted label.
 */
export class Overlay implements ServedParts {
  private readonly papers = new Map<number, StoredPaper>();
  /** The labels of the papers above by id: writes and lookups by id do not scan them. */
  private readonly labelsById = new Map<string, number>();
  private readonly hidden = new Set<number>();
  private readonly pendingVectors: ExactGraph;
  private readonly pendingText = new PendingText();
  private nextLabel: number;
  private baseStatistics: TextStatistics | null = null;

  readonly records: RecordStore;
  readonly vectors: VectorIndex;
  readonly text: TextIndex;

  constructor(
    private readonly base: ServedParts,
    firstPendingLabel: number,
  ) {
    this.nextLabel = firstPendingLabel;
    this.pendingVectors = new ExactGraph(base.vectors.dims, 16);
    this.records = {
      count: async () => (await base.records.count()) - this.hidden.size + this.papers.size,
      find: (ref) => this.find(ref),
      byLabels: (labels) => this.byLabels(labels),
    };
    this.vectors = {
      dims: base.vectors.dims,
      size: async () => (await base.vectors.size()) - this.hidden.size + this.papers.size,
      search: (vector, k, restriction) => this.searchVectors(vector, k, restriction),
      vectorsOf: (labels) => this.vectorsOf(labels),
    };
    this.text = {
      projectBm25: base.text.projectBm25,
      search: (query, k, restriction) => this.searchText(query, k, restriction),
      documentFrequencies: (terms) => this.documentFrequencies(terms),
      scoreCeiling: (terms) => base.text.scoreCeiling(terms),
      statistics: async () => this.pendingText.combinedStatistics(await this.statistics()),
    };
  }

  /** Papers written since the base was built (still live). */
  get pendingCount(): number {
    return this.papers.size;
  }

  /** Changes the overlay holds in memory: papers written, and base papers hidden. */
  get changeCount(): number {
    return this.papers.size + this.hidden.size;
  }

  /**
   * Stores `paper` with its vector under a fresh label and hides the label its id had.
   * Returns the new label and the replaced one (null for a new id).
   */
  async upsert(
    paper: Omit<StoredPaper, 'label'>,
    vector: Float32Array,
  ): Promise<{ label: number; replaced: number | null }> {
    const replaced = await this.remove(paper.id);
    const label = this.nextLabel++;
    this.papers.set(label, { ...paper, label });
    this.labelsById.set(paper.id, label);
    this.pendingVectors.add(label, vector);
    this.pendingText.put(label, paper.title, paper.abstract);
    return { label, replaced };
  }

  /** Removes the paper with this id; returns the label it had, null when there was none. */
  async remove(id: string): Promise<number | null> {
    const found = await this.find({ id });
    if (!found) return null;
    if (this.papers.delete(found.label)) {
      this.labelsById.delete(found.id);
      this.pendingVectors.markDeleted(found.label);
      this.pendingText.remove(found.label);
    } else {
      this.hidden.add(found.label);
    }
    return found.label;
  }

  private async find(ref: PaperRef): Promise<StoredPaper | null> {
    const own =
      'id' in ref
        ? this.papers.get(this.labelsById.get(ref.id) ?? -1)
        : [...this.papers.values()].find((paper) => refersTo(ref, paper));
    if (own) return own;
    const paper = await this.base.records.find(ref);
    return paper && !this.hidden.has(paper.label) ? paper : null;
  }

  private async byLabels(labels: readonly number[]): Promise<StoredPaper[]> {
    const baseLabels = labels.filter((l) => !this.papers.has(l) && !this.hidden.has(l));
    const found = new Map((await this.base.records.byLabels(baseLabels)).map((p) => [p.label, p]));
    return labels.flatMap((label) => this.papers.get(label) ?? found.get(label) ?? []);
  }

  private async vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    const base = await this.base.vectors.vectorsOf(
      labels.map((l) => (this.papers.has(l) || this.hidden.has(l) ? -1 : l)),
    );
    return labels.map((label, i) =>
      this.papers.has(label) ? this.pendingVectors.getVector(label) : base[i],
    );
  }

  private async searchVectors(
    vector: Float32Array,
    k: number,
    restriction: Restriction = {},
  ): Promise<Neighbour[]> {
    const base = await this.base.vectors.search(vector, k, this.baseRestriction(restriction));
    if (this.papers.size === 0) return base;
    const own = this.pendingVectors.search(vector, k, this.pendingFilter(restriction));
    return merge(base, own, k);
  }

  private async searchText(
    query: TextQuery,
    k: number,
    restriction: Restriction = {},
  ): Promise<Scored[]> {
    const base = await this.base.text.search(query, k, this.baseRestriction(restriction));
    if (this.papers.size === 0) return base;
    const terms = distinctTerms(query.terms);
    const own = this.pendingText.score(
      terms,
      {
        statistics: await this.statistics(),
        frequencies: await this.base.text.documentFrequencies(terms),
        ceiling: await this.base.text.scoreCeiling(terms),
        projectBm25: this.base.text.projectBm25 === true,
      },
      this.pendingFilter(restriction),
    );
    return merge(base, own, k);
  }

  private async documentFrequencies(terms: readonly TextTerm[]): Promise<number[]> {
    const base = await this.base.text.documentFrequencies(terms);
    if (this.papers.size === 0) return base;
    const own = this.pendingText.documentFrequencies(terms);
    return base.map((n, i) => n + own[i]);
  }

  private async statistics(): Promise<TextStatistics> {
    this.baseStatistics ??= await this.base.text.statistics();
    return this.baseStatistics;
  }

  /** The caller's restriction, with the hidden base papers excluded too. */
  private baseRestriction(restriction: Restriction): Restriction {
    if (this.hidden.size === 0) return restriction;
    const exclude = new Set(this.hidden);
    for (const label of restriction.exclude ?? []) exclude.add(label);
    return { ...restriction, exclude };
  }

  private pendingFilter(restriction: Restriction): (label: number) => boolean {
    return (label) => {
      const paper = this.papers.get(label);
      return (
        paper !== undefined &&
        !restriction.exclude?.has(label) &&
        paperMatches(paper, restriction.filter)
      );
    };
  }
}

function refersTo(ref: PaperRef, paper: StoredPaper): boolean {
  if ('id' in ref) return paper.id === ref.id;
  if ('doi' in ref) return paper.doi?.toLowerCase() === ref.doi.toLowerCase();
  if ('arxivId' in ref) return paper.arxivId === ref.arxivId;
  return normalizeTitleKey(paper.title) === normalizeTitleKey(ref.title);
}

/** The k best of two rankings, best first, ties by label. */
function merge(a: readonly Scored[], b: readonly Scored[], k: number): Scored[] {
  return [...a, ...b].sort((x, y) => y.score - x.score || x.label - y.label).slice(0, k);
}
