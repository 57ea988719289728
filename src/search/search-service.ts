import type { Paper } from '../corpus/paper.js';
import type { DocumentInput } from '../embed/embedder.js';
import { NoKnownTermsError } from '../embed/lexical-embedder.js';
import type { Restriction, SearchFilter } from '../index/filter.js';
import type { IndexManifest } from '../index/manifest.js';
import type { PaperRef, RecordStore, StoredPaper } from '../index/record-store.js';
import type { TextIndex, TextTerm } from '../index/text-index.js';
import type { VectorIndex } from '../index/vector-index.js';
import { closestOf, type Closest } from './closest.js';
import { EmptyLibraryError, NotFoundError } from './errors.js';
import { toHit, withoutStorage, type SearchHit } from './hits.js';
import { explain, type Explanation } from './explain.js';
import {
  clamp01,
  DEFAULT_FUSION,
  EQUAL_WEIGHT,
  fuse,
  FUSION_DEPTH,
  type FusionMethod,
  type Scored,
} from './fusion.js';
import { likeQuery, textQuery, type LexicalQuery, type TermStatistics } from './lexical-query.js';
import { DEFAULT_EXPANSIONS, expandQuery, type Expansion } from './query-expansion.js';
import type { FeedbackPaper } from './rm3.js';
import {
  resolveLibrary,
  uniquePapers,
  type LibraryPaper,
  type ProfilePaper,
  type ResolvedLibrary,
  type UnmatchedReference,
} from './library.js';
import type { LibraryReference } from './library-reference.js';
import { DEFAULT_MODE, type RankMode } from './rank-mode.js';
import {
  DEFAULT_STRATEGY,
  rankByStrategy,
  type RecommendStrategy,
} from './recommend-strategies.js';
import { relatedGraph, type RelatedGraph } from './related-graph.js';

export type { SearchHit } from './hits.js';

/** The parts of an opened index version the service reads, through the storage seams. */
export interface SearchCorpus {
  version: string;
  manifest: IndexManifest;
  records: RecordStore;
  vectors: VectorIndex;
  text: TextIndex;
}

export interface QueryOptions {
  k: number;
  filters?: SearchFilter;
  /** How to rank; DEFAULT_MODE when absent. */
  mode?: RankMode;
  /** How hybrid mode fuses, for this request; the service's setting when absent. */
  fusion?: FusionMethod;
  /**
   * The semantic ranking's weight in hybrid fusion (0 to 1; the lexical ranking gets the
   * rest), for this request; the service's setting, else the index's fitted weight.
   */
  semanticWeight?: number;
  /** Attach an explanation (shared terms, highlights, both ranks) to every result. */
  explain?: boolean;
  /** How a free-text query's lexical half is expanded; the service's setting when absent. */
  expand?: readonly Expansion[];
}

export interface RecommendQuery extends QueryOptions {
  positive: string[];
  negative: string[];
  /** A reader's library: references matched to the index, or embedded from their abstracts. */
  library?: LibraryReference[];
  /** Entries of an imported library file that could not be read, reported as unmatched. */
  unreadable?: UnmatchedReference[];
  /** How the library becomes the dense ranking; DEFAULT_STRATEGY when absent. */
  strategy?: RecommendStrategy;
}

/** A recommended paper, with the library papers it is closest to. */
export interface RecommendHit extends SearchHit {
  closest: Closest[];
}

export interface Recommendation {
  results: RecommendHit[];
  /** The library's references that were matched or embedded, in the order sent. */
  library: LibraryPaper[];
  unmatched: UnmatchedReference[];
}

/** How the service embeds: free-text queries, and documents (references the index lacks). */
export interface ServiceEmbedder {
  query(text: string): Promise<Float32Array>;
  documents(docs: DocumentInput[]): Promise<Float32Array[]>;
}

export interface ServiceSettings {
  /** How hybrid mode fuses the two rankings; DEFAULT_FUSION when absent. */
  fusion?: FusionMethod;
  /** A fixed semantic weight for hybrid, overriding the one the index fitted. */
  semanticWeight?: number;
  /** Filters matching at most this many papers are answered by exact scans (reported in stats). */
  filterScanBelow?: number;
  /** Expansions of free-text queries by mode when a request names none; DEFAULT_EXPANSIONS when absent. */
  expansions?: Partial<Record<RankMode, readonly Expansion[]>>;
  /** The engine holding the index and where it is (never with credentials), for stats. */
  backend?: { kind: string; location: string };
}

/**
 * What a request ranks with: the dense ranking (a search for a vector, or a recommendation
 * strategy's merge) and a query for the lexical one. Each is computed only when needed.
 */
interface RankInputs {
  dense: (depth: number, restriction: Restriction) => Promise<Scored[]>;
  lexical: () => Promise<LexicalQuery>;
  /** Free text, whose lexical query may be expanded; a paper's terms are not. */
  expandable?: boolean;
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
    private readonly embedder: ServiceEmbedder,
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

  /** The full records of papers by id (an export's entries), in order; unknown ids left out. */
  async papers(ids: readonly string[]): Promise<Paper[]> {
    const found = await Promise.all(ids.map((id) => this.corpus.records.find({ id })));
    return found.flatMap((paper) => (paper ? [withoutStorage(paper)] : []));
  }

  /**
   * A map of the work around a paper: it, its nearest neighbours and theirs, up to `size`
   * papers, with the pairs similar enough to draw (see related-graph.ts).
   */
  async graph(ref: PaperRef | string, size: number): Promise<RelatedGraph> {
    const origin = await this.stored(typeof ref === 'string' ? { id: ref } : ref);
    return relatedGraph(origin, size, this.corpus);
  }

  /**
   * Papers related to one paper, the paper excluded: its stored vector's neighbours (no
   * re-embedding), and BM25 matches of its most telling title and abstract terms.
   */
  async related(ref: PaperRef | string, options: QueryOptions): Promise<SearchHit[]> {
    const paper = await this.stored(typeof ref === 'string' ? { id: ref } : ref);
    return this.rank(
      {
        dense: async (depth, restriction) =>
          this.corpus.vectors.search(await this.vectorOf(paper), depth, restriction),
        lexical: () => this.likeQuery([paper], []),
      },
      options,
      new Set([paper.label]),
    );
  }

  /**
   * A library's references matched to the index, or embedded from their abstracts; those
   * matched nowhere join the file's `unreadable` entries in `unmatched`, in library order.
   */
  async resolveLibrary(
    refs: readonly LibraryReference[],
    unreadable: readonly UnmatchedReference[] = [],
  ): Promise<ResolvedLibrary> {
    const library = await resolveLibrary(refs, {
      records: this.corpus.records,
      vectors: this.corpus.vectors,
      embedDocuments: (docs) => this.embedder.documents(docs),
    });
    const unmatched = [...unreadable, ...library.unmatched].sort((a, b) => a.index - b.index);
    return { papers: library.papers, unmatched };
  }

  /**
   * Papers like the positives and the library and unlike the negatives, the library's own
   * papers and the inputs excluded. Each result names the library papers closest to it.
   */
  async recommend(query: RecommendQuery): Promise<Recommendation> {
    const inputs = await this.storedAll([...query.positive, ...query.negative]);
    const [givenPositive, negative] = [
      inputs.slice(0, query.positive.length),
      inputs.slice(query.positive.length),
    ];
    const library = await this.resolveLibrary(query.library ?? [], query.unreadable);
    const { unmatched } = library;
    // A paper named twice (by id and in the library, or by two references) counts once.
    const positive = uniquePapers([
      ...(await this.profilePapers(givenPositive)),
      ...library.papers,
    ]);
    if (positive.length === 0) throw new EmptyLibraryError(unmatched);
    const negativeVectors = await Promise.all(negative.map((p) => this.vectorOf(p)));
    const profile = { positive: positive.map((p) => p.vector), negative: negativeVectors };
    const exclude = new Set([
      ...inputs.map((p) => p.label),
      ...positive.flatMap((p) => (p.paper ? [p.paper.label] : [])),
    ]);
    const index = { vectors: this.corpus.vectors, labelCount: this.corpus.manifest.nextLabel };
    const ranked = await this.rankLabelled(
      {
        dense: (depth, restriction) =>
          rankByStrategy(query.strategy ?? DEFAULT_STRATEGY, profile, depth, restriction, index),
        lexical: () =>
          this.likeQuery(
            positive.map((p) => p.document),
            negative,
          ),
      },
      query,
      exclude,
    );
    const results = await closestOf(ranked, positive, this.corpus.vectors);
    return { results, library: library.papers, unmatched };
  }

  /**
   * Free text, embedded with the index's own embedder and matched against titles and
   * abstracts. A query the lexical embedder cannot place (no term occurs in the corpus) has
   * no dense ranking.
   */
  async search(text: string, options: QueryOptions): Promise<SearchHit[]> {
    const vector = plan(options).dense ? await this.embedText(text) : null;
    return this.rank(
      {
        dense: async (depth, restriction) =>
          vector
            ? this.corpus.vectors.search(vector, depth, { ...restriction, freeText: true })
            : [],
        lexical: async () => textQuery(text),
        expandable: true,
      },
      options,
      new Set(),
    );
  }

  private async embedText(text: string): Promise<Float32Array | null> {
    try {
      return await this.embedder.query(text);
    } catch (error) {
      if (error instanceof NoKnownTermsError) return null;
      throw error;
    }
  }

  private async likeQuery(
    positive: readonly DocumentInput[],
    negative: readonly DocumentInput[],
  ): Promise<LexicalQuery> {
    return likeQuery(positive, negative, await this.termStatistics());
  }

  private async termStatistics(): Promise<TermStatistics> {
    // The text index's own count: O(1), where counting records can scan the whole store.
    const { documents } = await this.corpus.text.statistics();
    return {
      papers: documents,
      documentFrequencies: (terms) => this.corpus.text.documentFrequencies(terms),
    };
  }

  /** The query with the expansions the request (or the service's setting) asks for. */
  private async expanded(
    query: LexicalQuery,
    options: QueryOptions,
    restriction: Restriction,
  ): Promise<LexicalQuery> {
    const mode = options.mode ?? DEFAULT_MODE;
    const expansions =
      options.expand ?? this.settings.expansions?.[mode] ?? DEFAULT_EXPANSIONS[mode];
    if (expansions.length === 0) return query;
    return expandQuery(query, expansions, {
      stats: await this.termStatistics(),
      feedback: (first, depth) => this.feedback(first, depth, restriction),
    });
  }

  /** The best papers for a query with their texts and BM25 scores: RM3's feedback. */
  private async feedback(
    query: LexicalQuery,
    depth: number,
    restriction: Restriction,
  ): Promise<FeedbackPaper[]> {
    const found = await this.corpus.text.search(
      { terms: searchedTerms(query) },
      depth,
      restriction,
    );
    const papers = await this.corpus.records.byLabels(found.map((m) => m.label));
    const byLabel = new Map(papers.map((p) => [p.label, p]));
    return found.flatMap(({ label, score }) => {
      const doc = byLabel.get(label);
      return doc ? [{ doc, score }] : [];
    });
  }

  private async rank(
    inputs: RankInputs,
    options: QueryOptions,
    exclude: ReadonlySet<number>,
  ): Promise<SearchHit[]> {
    return (await this.rankLabelled(inputs, options, exclude)).map((r) => r.hit);
  }

  /** The ranked hits, each with its label. */
  private async rankLabelled(
    inputs: RankInputs,
    options: QueryOptions,
    exclude: ReadonlySet<number>,
  ): Promise<Array<{ label: number; hit: SearchHit }>> {
    const { mode, dense: needsDense, lexical: needsLexical, depth } = plan(options);
    const restriction: Restriction = { filter: options.filters, exclude };
    const [dense, lexical] = await Promise.all([
      needsDense ? inputs.dense(depth, restriction) : [],
      needsLexical ? this.lexicalRanking(inputs, options, depth, restriction) : null,
    ]);
    const lexicalRanking = lexical?.ranking ?? [];
    const fusion = this.fusionFor(options);
    const weights = [fusion.semanticWeight, 1 - fusion.semanticWeight];
    const ranked =
      mode === 'semantic'
        ? dense
        : mode === 'lexical'
          ? lexicalRanking
          : fuse(fusion.method, [dense, lexicalRanking], weights);
    const top = ranked.slice(0, options.k);
    // Whatever fused the order, a hybrid result shows the weighted mean of its absolute
    // relevances (the order's own weights, so scores fall as results go down), and a weak best
    // match does not show as a perfect one.
    const found =
      mode === 'hybrid' ? withAbsoluteScores(top, [dense, lexicalRanking], weights) : top;
    const explainHit =
      options.explain && lexical ? explainer(lexical.query, dense, lexical.ranking) : undefined;
    return this.hits(found, explainHit);
  }

  /**
   * How hybrid fuses a request: the method and semantic weight it names, else the service's,
   * else the method's default with the weight the index fitted for it (equal weights for a
   * method the index did not fit, or an index built before fitting).
   */
  fusionFor(options: Pick<QueryOptions, 'fusion' | 'semanticWeight'> = {}): {
    method: FusionMethod;
    semanticWeight: number;
  } {
    const method = options.fusion ?? this.settings.fusion ?? DEFAULT_FUSION;
    const fitted = this.corpus.manifest.calibration;
    const semanticWeight =
      options.semanticWeight ??
      this.settings.semanticWeight ??
      (fitted?.method === method ? fitted.semanticWeight : EQUAL_WEIGHT);
    return { method, semanticWeight };
  }

  /**
   * BM25 matches with scores as shares of the query's BM25 ceiling, in [0, 1]: the order is
   * BM25's, the scale compares across queries.
   */
  private async lexicalRanking(
    inputs: RankInputs,
    options: QueryOptions,
    depth: number,
    restriction: Restriction,
  ): Promise<{ query: LexicalQuery; ranking: Scored[] }> {
    const written = await inputs.lexical();
    const query = inputs.expandable ? await this.expanded(written, options, restriction) : written;
    const terms = searchedTerms(query);
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
  ): Promise<Array<{ label: number; hit: SearchHit }>> {
    const papers = await this.corpus.records.byLabels(found.map((n) => n.label));
    const byLabel = new Map(papers.map((p) => [p.label, p]));
    return found.flatMap(({ label, score }) => {
      const paper = byLabel.get(label);
      if (!paper) return [];
      const hit = toHit(paper, score);
      return [{ label, hit: explainHit ? { ...hit, explain: explainHit(paper) } : hit }];
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

  /** Papers given by id, with their stored vectors, to recommend from. */
  private async profilePapers(papers: readonly StoredPaper[]): Promise<ProfilePaper[]> {
    const vectors = await Promise.all(papers.map((p) => this.vectorOf(p)));
    return papers.map((paper, i) => ({
      paper,
      title: paper.title,
      document: paper,
      vector: vectors[i],
    }));
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

/** The terms a lexical query sends to the index, with their weights (engines score weight × idf). */
function searchedTerms(query: LexicalQuery): TextTerm[] {
  return query.terms
    .slice(0, query.searched)
    .map(({ word, stem, weight }) => ({ word, stem, weight }));
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

/** Each result's score replaced by the weighted mean of its absolute relevance in each ranking. */
function withAbsoluteScores(
  found: Scored[],
  rankings: ReadonlyArray<readonly Scored[]>,
  weights: readonly number[],
): Scored[] {
  const byLabel = rankings.map((ranking) => new Map(ranking.map((r) => [r.label, r.score])));
  return found.map(({ label }) => ({
    label,
    score: byLabel.reduce(
      (sum, scores, i) => sum + weights[i] * clamp01(scores.get(label) ?? 0),
      0,
    ),
  }));
}

function refText(ref: PaperRef): string {
  if ('id' in ref) return ref.id;
  if ('doi' in ref) return `doi:${ref.doi}`;
  if ('arxivId' in ref) return `arxiv:${ref.arxivId}`;
  return ref.title;
}
