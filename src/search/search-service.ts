import type { Paper } from '../corpus/paper.js';
import { NoKnownTermsError } from '../embed/lexical-embedder.js';
import type { IndexManifest } from '../index/manifest.js';
import type { PaperStore, StoredPaper } from '../index/paper-store.js';
import type { Neighbour, VectorIndex } from '../index/vector-index.js';
import { NotFoundError } from './errors.js';
import type { FilterIndex, SearchFilters } from './filters.js';
import { nearest } from './nearest.js';
import { recommendationVector } from './recommend-vector.js';
import { snippet } from './snippet.js';

/** The parts of an opened index version the service reads. */
export interface SearchCorpus {
  version: string;
  manifest: IndexManifest;
  store: PaperStore;
  vectors: VectorIndex;
}

export interface SearchHit {
  id: string;
  title: string;
  authors: string[];
  published: string | null;
  url: string | null;
  score: number;
  snippet: string;
}

export interface QueryOptions {
  k: number;
  filters?: SearchFilters;
}

export interface RecommendQuery extends QueryOptions {
  positive: string[];
  negative: string[];
}

export interface ServiceSettings {
  /** Filters matching at most this many papers are answered by an exact scan. */
  filterScanBelow: number;
}

/** Which index and embedder answered: every response names them. */
export interface ServiceIdentity {
  embedder: string;
  indexVersion: string;
}

/**
 * Lookups, related papers, recommendations and free-text search over one loaded index
 * version. Knows nothing of HTTP; unknown ids raise NotFoundError.
 */
export class SearchService {
  readonly identity: ServiceIdentity;

  constructor(
    private readonly corpus: SearchCorpus,
    private readonly filters: FilterIndex,
    private readonly embedQuery: (text: string) => Promise<Float32Array>,
    readonly settings: ServiceSettings,
  ) {
    this.identity = { embedder: corpus.manifest.embedder.id, indexVersion: corpus.version };
  }

  get manifest(): IndexManifest {
    return this.corpus.manifest;
  }

  get count(): number {
    return this.corpus.vectors.size;
  }

  paper(id: string): Paper {
    const { id: paperId, title, abstract, authors, categories, published, url } = this.stored(id);
    return { id: paperId, title, abstract, authors, categories, published, url };
  }

  /** Nearest neighbours of a paper's stored vector (no re-embedding), the paper excluded. */
  related(id: string, options: QueryOptions): SearchHit[] {
    const paper = this.stored(id);
    return this.nearestHits(this.vectorOf(paper), options, new Set([paper.label]));
  }

  /** Papers like the positives and unlike the negatives; the inputs themselves excluded. */
  recommend(query: RecommendQuery): SearchHit[] {
    const inputs = this.storedAll([...query.positive, ...query.negative]);
    const positive = inputs.slice(0, query.positive.length);
    const negative = inputs.slice(query.positive.length);
    const vector = recommendationVector(
      positive.map((p) => this.vectorOf(p)),
      negative.map((p) => this.vectorOf(p)),
    );
    const exclude = new Set(inputs.map((p) => p.label));
    return this.nearestHits(vector, query, exclude);
  }

  /**
   * Free text embedded with the index's own embedder. A query the lexical embedder cannot
   * place (no term occurs in the corpus) simply matches nothing.
   */
  async search(text: string, options: QueryOptions): Promise<SearchHit[]> {
    let vector: Float32Array;
    try {
      vector = await this.embedQuery(text);
    } catch (error) {
      if (error instanceof NoKnownTermsError) return [];
      throw error;
    }
    return this.nearestHits(vector, options, new Set());
  }

  private nearestHits(
    vector: Float32Array,
    options: QueryOptions,
    exclude: ReadonlySet<number>,
  ): SearchHit[] {
    const selection = options.filters ? this.filters.compile(options.filters) : null;
    const found = nearest(
      this.corpus.vectors,
      { vector, k: options.k, selection, exclude },
      this.settings.filterScanBelow,
    );
    return this.hits(found);
  }

  private hits(found: Neighbour[]): SearchHit[] {
    const papers = this.corpus.store.getByLabels(found.map((n) => n.label));
    const byLabel = new Map(papers.map((p) => [p.label, p]));
    return found.flatMap(({ label, score }) => {
      const paper = byLabel.get(label);
      return paper ? [toHit(paper, score)] : [];
    });
  }

  private stored(id: string): StoredPaper {
    const paper = this.corpus.store.getById(id);
    if (!paper) throw new NotFoundError([id]);
    return paper;
  }

  /** All the papers, or one NotFoundError naming every unknown id. */
  private storedAll(ids: string[]): StoredPaper[] {
    const papers = ids.map((id) => this.corpus.store.getById(id));
    const missing = ids.filter((_, i) => papers[i] === null);
    if (missing.length > 0) throw new NotFoundError(missing);
    return papers as StoredPaper[];
  }

  private vectorOf(paper: StoredPaper): Float32Array {
    const vector = this.corpus.vectors.getVector(paper.label);
    if (!vector)
      throw new Error(`index holds no vector for paper ${paper.id} (label ${paper.label})`);
    return vector;
  }
}

function toHit(paper: StoredPaper, score: number): SearchHit {
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    published: paper.published,
    url: paper.url,
    score,
    snippet: snippet(paper.abstract),
  };
}
