import type { Paper } from '../corpus/paper.js';
import { NoKnownTermsError } from '../embed/lexical-embedder.js';
import type { IndexManifest } from '../index/manifest.js';
import type { PaperStore, StoredPaper } from '../index/paper-store.js';
import type { VectorGraph } from '../index/vector-graph.js';
import { NotFoundError } from './errors.js';
import { explain, type Explanation } from './explain.js';
import type { FilterIndex, SearchFilters } from './filters.js';
import { DEFAULT_FUSION, fuse, FUSION_DEPTH, type FusionMethod, type Scored } from './fusion.js';
import type { LexicalQuery } from './lexical-query.js';
import { LexicalSearch } from './lexical-search.js';
import { nearest } from './nearest.js';
import { DEFAULT_MODE, type RankMode } from './rank-mode.js';
import { recommendationVector } from './recommend-vector.js';
import { snippet } from './snippet.js';

/** The parts of an opened index version the service reads. */
export interface SearchCorpus {
  version: string;
  manifest: IndexManifest;
  store: PaperStore;
  vectors: VectorGraph;
}

export interface SearchHit {
  id: string;
  title: string;
  authors: string[];
  published: string | null;
  url: string | null;
  /** Cosine similarity (semantic), BM25 score (lexical) or fused score (hybrid). */
  score: number;
  snippet: string;
  /** Present when asked for with `explain`. */
  explain?: Explanation;
}

export interface QueryOptions {
  k: number;
  filters?: SearchFilters;
  /** How to rank; DEFAULT_MODE when absent. */
  mode?: RankMode;
  /** Attach an explanation (shared terms, highlights, both ranks) to every result. */
  explain?: boolean;
}

export interface RecommendQuery extends QueryOptions {
  positive: string[];
  negative: string[];
}

export interface ServiceSettings {
  /** Filters matching at most this many papers are answered by an exact scan. */
  filterScanBelow: number;
  /** How hybrid mode fuses the two rankings; DEFAULT_FUSION when absent. */
  fusion?: FusionMethod;
}

/**
 * What a request ranks with: a vector for the dense ranking (null when the text has none)
 * and a query for the lexical one. Each is computed only when a needed ranking reads it.
 */
interface RankInputs {
  vector: () => Float32Array | null;
  lexical: () => LexicalQuery;
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
  private readonly lexical: LexicalSearch;

  constructor(
    private readonly corpus: SearchCorpus,
    private readonly filters: FilterIndex,
    private readonly embedQuery: (text: string) => Promise<Float32Array>,
    readonly settings: ServiceSettings,
  ) {
    this.identity = { embedder: corpus.manifest.embedder.id, indexVersion: corpus.version };
    this.lexical = new LexicalSearch(corpus.store, settings.filterScanBelow);
  }

  get manifest(): IndexManifest {
    return this.corpus.manifest;
  }

  get count(): number {
    return this.corpus.vectors.size;
  }

  paper(id: string): Paper {
    return withoutStorage(this.stored(id));
  }

  /**
   * Papers related to one paper, the paper excluded: its stored vector's neighbours (no
   * re-embedding), and BM25 matches of its most telling title and abstract terms.
   */
  related(id: string, options: QueryOptions): SearchHit[] {
    const paper = this.stored(id);
    return this.rank(
      { vector: () => this.vectorOf(paper), lexical: () => this.lexical.likeQuery([paper], []) },
      options,
      new Set([paper.label]),
    );
  }

  /** Papers like the positives and unlike the negatives; the inputs themselves excluded. */
  recommend(query: RecommendQuery): SearchHit[] {
    const inputs = this.storedAll([...query.positive, ...query.negative]);
    const positive = inputs.slice(0, query.positive.length);
    const negative = inputs.slice(query.positive.length);
    const vector = () =>
      recommendationVector(
        positive.map((p) => this.vectorOf(p)),
        negative.map((p) => this.vectorOf(p)),
      );
    const lexical = () => this.lexical.likeQuery(positive, negative);
    return this.rank({ vector, lexical }, query, new Set(inputs.map((p) => p.label)));
  }

  /**
   * Free text, embedded with the index's own embedder and matched against titles and
   * abstracts. A query the lexical embedder cannot place (no term occurs in the corpus) has
   * no dense ranking.
   */
  async search(text: string, options: QueryOptions): Promise<SearchHit[]> {
    const vector = plan(options).dense ? await this.embedText(text) : null;
    const lexical = () => this.lexical.textQuery(text);
    return this.rank({ vector: () => vector, lexical }, options, new Set());
  }

  private async embedText(text: string): Promise<Float32Array | null> {
    try {
      return await this.embedQuery(text);
    } catch (error) {
      if (error instanceof NoKnownTermsError) return null;
      throw error;
    }
  }

  private rank(
    inputs: RankInputs,
    options: QueryOptions,
    exclude: ReadonlySet<number>,
  ): SearchHit[] {
    const { mode, dense: needsDense, lexical: needsLexical, depth } = plan(options);
    const selection = options.filters ? this.filters.compile(options.filters) : null;
    const request = { k: depth, selection, exclude };

    const vector = needsDense ? inputs.vector() : null;
    const dense = vector
      ? nearest(this.corpus.vectors, { ...request, vector }, this.settings.filterScanBelow)
      : [];
    const query = needsLexical ? inputs.lexical() : null;
    const lexical = query ? this.lexical.search(query, request) : [];

    const ranked =
      mode === 'semantic'
        ? dense
        : mode === 'lexical'
          ? lexical
          : fuse(this.settings.fusion ?? DEFAULT_FUSION, [dense, lexical]);
    const found = ranked.slice(0, options.k);
    return this.hits(
      found,
      options.explain && query ? explainer(query, dense, lexical) : undefined,
    );
  }

  private hits(found: Scored[], explainHit?: (paper: StoredPaper) => Explanation): SearchHit[] {
    const papers = this.corpus.store.getByLabels(found.map((n) => n.label));
    const byLabel = new Map(papers.map((p) => [p.label, p]));
    return found.flatMap(({ label, score }) => {
      const paper = byLabel.get(label);
      if (!paper) return [];
      const hit = toHit(paper, score);
      return [explainHit ? { ...hit, explain: explainHit(paper) } : hit];
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

/**
 * Which rankings a request needs, and how deep. Hybrid fuses both, fetched FUSION_DEPTH
 * deep; an explanation needs both too, to report a result's place in each.
 */
function plan(options: QueryOptions) {
  const mode = options.mode ?? DEFAULT_MODE;
  const both = mode === 'hybrid' || options.explain === true;
  return {
    mode,
    dense: both || mode === 'semantic',
    lexical: both || mode === 'lexical',
    depth: both ? Math.max(options.k, FUSION_DEPTH) : options.k,
  };
}

/** Explains results against the lexical query, with their places in both rankings. */
function explainer(query: LexicalQuery, dense: Scored[], lexical: Scored[]) {
  const place = (ranking: Scored[]) => new Map(ranking.map((r, i) => [r.label, i + 1]));
  const densePlace = place(dense);
  const lexicalPlace = place(lexical);
  return (paper: StoredPaper): Explanation =>
    explain(paper, query, {
      semantic: densePlace.get(paper.label) ?? null,
      lexical: lexicalPlace.get(paper.label) ?? null,
    });
}

/** The record as read in, without what the store adds (label, content hash). */
function withoutStorage(stored: StoredPaper): Paper {
  const { id, title, abstract, authors, categories, published, url } = stored;
  const { doi, arxivId, venue, keywords } = stored;
  return {
    id,
    title,
    abstract,
    authors,
    categories,
    published,
    url,
    doi,
    arxivId,
    venue,
    keywords,
  };
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
