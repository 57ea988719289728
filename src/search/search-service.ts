import type { Paper } from '../corpus/paper.js';
import { NoKnownTermsError } from '../embed/lexical-embedder.js';
import type { BackendKind } from '../index/backend.js';
import type { Restriction, SearchFilter } from '../index/filter.js';
import type { IndexManifest } from '../index/manifest.js';
import type { PaperRef, RecordStore, StoredPaper } from '../index/record-store.js';
import type { TextIndex } from '../index/text-index.js';
import type { VectorIndex } from '../index/vector-index.js';
import { NotFoundError } from './errors.js';
import { explain, type Explanation } from './explain.js';
import {
  clamp01,
  DEFAULT_FUSION,
  fuse,
  FUSION_DEPTH,
  type FusionMethod,
  type Scored,
} from './fusion.js';
import { likeQuery, textQuery, type LexicalQuery } from './lexical-query.js';
import { DEFAULT_MODE, type RankMode } from './rank-mode.js';
import { recommendationVector } from './recommend-vector.js';
import { snippet } from './snippet.js';

/** The parts of an opened index version the service reads, through the storage seams. */
export interface SearchCorpus {
  version: string;
  manifest: IndexManifest;
  records: RecordStore;
  vectors: VectorIndex;
  text: TextIndex;
}

export interface SearchHit {
  id: string;
  title: string;
  authors: string[];
  published: string | null;
  url: string | null;
  /**
   * How well the paper matches, comparable across queries: its cosine similarity (semantic),
   * its share of the query's BM25 ceiling in [0, 1] (lexical), or the mean of the two, each
   * counted 0 where the paper is not among that ranking's best (hybrid).
   */
  score: number;
  snippet: string;
  /** Present when asked for with `explain`. */
  explain?: Explanation;
}

export interface QueryOptions {
  k: number;
  filters?: SearchFilter;
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
  /** How hybrid mode fuses the two rankings; DEFAULT_FUSION when absent. */
  fusion?: FusionMethod;
  /** Filters matching at most this many papers are answered by exact scans (reported in stats). */
  filterScanBelow?: number;
  /** The engine holding the index and where it is (never with credentials), for stats. */
  backend?: { kind: BackendKind; location: string };
}

/**
 * What a request ranks with: a vector for the dense ranking (null when the text has none)
 * and a query for the lexical one. Each is computed only when a needed ranking reads it.
 */
interface RankInputs {
  vector: () => Promise<Float32Array | null>;
  lexical: () => Promise<LexicalQuery>;
}

/** Which index and embedder answered: every response names them. */
export interface ServiceIdentity {
  embedder: string;
  indexVersion: string;
}

/**
 * Lookups, related papers, recommendations and free-text search over one loaded index
 * version, whatever engine holds it. Knows nothing of HTTP; unknown ids raise NotFoundError.
 */
export class SearchService {
  readonly identity: ServiceIdentity;

  constructor(
    private readonly corpus: SearchCorpus,
    private readonly embedQuery: (text: string) => Promise<Float32Array>,
    readonly settings: ServiceSettings = {},
  ) {
    this.identity = { embedder: corpus.manifest.embedder.id, indexVersion: corpus.version };
  }

  get manifest(): IndexManifest {
    return this.corpus.manifest;
  }

  count(): Promise<number> {
    return this.corpus.records.count();
  }

  /** The paper a reference names: its id, DOI, arXiv id or title. */
  async paper(ref: PaperRef | string): Promise<Paper> {
    return withoutStorage(await this.stored(typeof ref === 'string' ? { id: ref } : ref));
  }

  /**
   * Papers related to one paper, the paper excluded: its stored vector's neighbours (no
   * re-embedding), and BM25 matches of its most telling title and abstract terms.
   */
  async related(ref: PaperRef | string, options: QueryOptions): Promise<SearchHit[]> {
    const paper = await this.stored(typeof ref === 'string' ? { id: ref } : ref);
    return this.rank(
      { vector: () => this.vectorOf(paper), lexical: () => this.likeQuery([paper], []) },
      options,
      new Set([paper.label]),
    );
  }

  /** Papers like the positives and unlike the negatives; the inputs themselves excluded. */
  async recommend(query: RecommendQuery): Promise<SearchHit[]> {
    const inputs = await this.storedAll([...query.positive, ...query.negative]);
    const positive = inputs.slice(0, query.positive.length);
    const negative = inputs.slice(query.positive.length);
    const vector = async () =>
      recommendationVector(
        await Promise.all(positive.map((p) => this.vectorOf(p))),
        await Promise.all(negative.map((p) => this.vectorOf(p))),
      );
    const lexical = () => this.likeQuery(positive, negative);
    return this.rank({ vector, lexical }, query, new Set(inputs.map((p) => p.label)));
  }

  /**
   * Free text, embedded with the index's own embedder and matched against titles and
   * abstracts. A query the lexical embedder cannot place (no term occurs in the corpus) has
   * no dense ranking.
   */
  async search(text: string, options: QueryOptions): Promise<SearchHit[]> {
    const vector = plan(options).dense ? await this.embedText(text) : null;
    return this.rank(
      { vector: async () => vector, lexical: async () => textQuery(text) },
      options,
      new Set(),
    );
  }

  private async embedText(text: string): Promise<Float32Array | null> {
    try {
      return await this.embedQuery(text);
    } catch (error) {
      if (error instanceof NoKnownTermsError) return null;
      throw error;
    }
  }

  private async likeQuery(
    positive: readonly StoredPaper[],
    negative: readonly StoredPaper[],
  ): Promise<LexicalQuery> {
    return likeQuery(positive, negative, {
      papers: await this.corpus.records.count(),
      documentFrequencies: (terms) => this.corpus.text.documentFrequencies(terms),
    });
  }

  private async rank(
    inputs: RankInputs,
    options: QueryOptions,
    exclude: ReadonlySet<number>,
  ): Promise<SearchHit[]> {
    const { mode, dense: needsDense, lexical: needsLexical, depth } = plan(options);
    const restriction: Restriction = { filter: options.filters, exclude };
    const [dense, lexical] = await Promise.all([
      needsDense ? this.denseRanking(inputs, depth, restriction) : [],
      needsLexical ? this.lexicalRanking(inputs, depth, restriction) : null,
    ]);
    const lexicalRanking = lexical?.ranking ?? [];
    const ranked =
      mode === 'semantic'
        ? dense
        : mode === 'lexical'
          ? lexicalRanking
          : fuse(this.settings.fusion ?? DEFAULT_FUSION, [dense, lexicalRanking]);
    const top = ranked.slice(0, options.k);
    // Whatever fused the order, a hybrid result shows the mean of its absolute relevances, so
    // a weak best match does not show as a perfect one.
    const found = mode === 'hybrid' ? withAbsoluteScores(top, [dense, lexicalRanking]) : top;
    const explainHit =
      options.explain && lexical ? explainer(lexical.query, dense, lexical.ranking) : undefined;
    return this.hits(found, explainHit);
  }

  private async denseRanking(
    inputs: RankInputs,
    depth: number,
    restriction: Restriction,
  ): Promise<Scored[]> {
    const vector = await inputs.vector();
    return vector ? this.corpus.vectors.search(vector, depth, restriction) : [];
  }

  /**
   * BM25 matches with scores as shares of the query's BM25 ceiling, in [0, 1]: the order is
   * BM25's, the scale compares across queries.
   */
  private async lexicalRanking(
    inputs: RankInputs,
    depth: number,
    restriction: Restriction,
  ): Promise<{ query: LexicalQuery; ranking: Scored[] }> {
    const query = await inputs.lexical();
    // Terms are sent unweighted: every engine then ranks by plain BM25 over the searched terms.
    const terms = query.terms.slice(0, query.searched).map((t) => ({ ...t, weight: 1 }));
    if (terms.length === 0) return { query, ranking: [] };
    const { text } = this.corpus;
    const [found, ceiling] = await Promise.all([
      text.search({ terms }, depth, restriction),
      text.scoreCeiling(terms),
    ]);
    const ranking = found.map((m) => ({ label: m.label, score: clamp01(m.score / ceiling) }));
    return { query, ranking };
  }

  private async hits(
    found: Scored[],
    explainHit?: (paper: StoredPaper) => Explanation,
  ): Promise<SearchHit[]> {
    const papers = await this.corpus.records.byLabels(found.map((n) => n.label));
    const byLabel = new Map(papers.map((p) => [p.label, p]));
    return found.flatMap(({ label, score }) => {
      const paper = byLabel.get(label);
      if (!paper) return [];
      const hit = toHit(paper, score);
      return [explainHit ? { ...hit, explain: explainHit(paper) } : hit];
    });
  }

  private async stored(ref: PaperRef): Promise<StoredPaper> {
    const paper = await this.corpus.records.find(ref);
    if (!paper) throw new NotFoundError([refText(ref)]);
    return paper;
  }

  /** All the papers, or one NotFoundError naming every unknown id. */
  private async storedAll(ids: string[]): Promise<StoredPaper[]> {
    const papers = await Promise.all(ids.map((id) => this.corpus.records.find({ id })));
    const missing = ids.filter((_, i) => papers[i] === null);
    if (missing.length > 0) throw new NotFoundError(missing);
    return papers as StoredPaper[];
  }

  private async vectorOf(paper: StoredPaper): Promise<Float32Array> {
    const [vector] = await this.corpus.vectors.vectorsOf([paper.label]);
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

/** Each result's score replaced by the mean of its absolute relevance in each ranking. */
function withAbsoluteScores(found: Scored[], rankings: ReadonlyArray<readonly Scored[]>): Scored[] {
  const byLabel = rankings.map((ranking) => new Map(ranking.map((r) => [r.label, r.score])));
  return found.map(({ label }) => ({
    label,
    score:
      byLabel.reduce((sum, scores) => sum + clamp01(scores.get(label) ?? 0), 0) / rankings.length,
  }));
}

function refText(ref: PaperRef): string {
  if ('id' in ref) return ref.id;
  if ('doi' in ref) return `doi:${ref.doi}`;
  if ('arxivId' in ref) return `arxiv:${ref.arxivId}`;
  return ref.title;
}

/** The record as read in, without what the store adds (label, hashes). */
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
