import { isEmptyFilter, type Restriction } from '../../filter.js';
import type { Scored, TextIndex, TextQuery, TextStatistics, TextTerm } from '../../text-index.js';
import { TopK } from '../../top-k.js';
import { blockMaxWand } from './block-max-wand.js';
import { exhaustive, scoreCandidates } from './exhaustive.js';
import { DocAcceptor, type LabelOptions } from './label-options.js';
import type { LiveSegment } from './live-segment.js';
import { PostingCursor } from './posting-cursor.js';
import { distinctTerms, SATURATION_LIMIT } from '../../bm25.js';
import { termFactor, type CorpusStatistics } from './scoring.js';
import type { TopKSearch } from './top-k-search.js';

export const SEARCH_ALGORITHMS = {
  'block-max-wand': blockMaxWand,
  exhaustive,
} satisfies Record<string, TopKSearch>;
export type SearchAlgorithm = keyof typeof SEARCH_ALGORITHMS;
export const DEFAULT_ALGORITHM: SearchAlgorithm = 'block-max-wand';

export interface SegmentedIndexOptions {
  /**
   * Statistics to score with instead of the segments' own: papers indexed in memory are
   * scored with the base index's, so both rank on one scale.
   */
  statistics?: CorpusStatistics;
  algorithm?: SearchAlgorithm;
  /** Translates a restriction's declarative filter into label options. */
  toLabelOptions?: (restriction: Restriction | undefined) => LabelOptions;
}

/**
 * BM25 top-k over a set of segments (the TextIndex seam). Statistics are global: documents
 * and average length over live documents of all segments, a term's document frequency summed
 * over segments (deleted documents count until a merge drops them, as in Lucene). Segments
 * are searched in turn with one shared top k, so each starts with the bar the others raised.
 */
export class SegmentedTextIndex implements TextIndex {
  readonly projectBm25 = true;
  private readonly own: CorpusStatistics;
  private readonly algorithm: TopKSearch;
  private readonly toLabelOptions: (restriction: Restriction | undefined) => LabelOptions;

  constructor(
    readonly segments: readonly LiveSegment[],
    private readonly options: SegmentedIndexOptions = {},
  ) {
    this.own = ownStatistics(segments);
    this.algorithm = SEARCH_ALGORITHMS[options.algorithm ?? DEFAULT_ALGORITHM];
    this.toLabelOptions = options.toLabelOptions ?? excludeOnly;
  }

  /** The statistics this index scores with. */
  get scoringStatistics(): CorpusStatistics {
    return this.options.statistics ?? this.own;
  }

  /** This index's own statistics, for scoring other papers on its scale. */
  get corpusStatistics(): CorpusStatistics {
    return this.own;
  }

  async search(query: TextQuery, k: number, restriction?: Restriction): Promise<Scored[]> {
    return this.searchLabels(query, k, this.toLabelOptions(restriction));
  }

  /** The k best documents for the query among those the options allow, best first. */
  searchLabels(query: TextQuery, k: number, options: LabelOptions = {}): Scored[] {
    const terms = distinctTerms(query.terms);
    if (terms.length === 0 || k <= 0) return [];
    const stats = this.scoringStatistics;
    const factors = terms.map(({ stem, weight }) =>
      termFactor(weight, stats.documents, stats.documentFrequency(stem)),
    );
    const top = new TopK(k);
    const candidates = options.candidates ? new Set(options.candidates) : null;
    for (const live of this.segments) {
      const { norms, maxima } = live.scoringFor(stats.averageLength);
      const scoring = { norms, blockMax: maxima.blocks, termMax: maxima.terms };
      const cursors: PostingCursor[] = [];
      terms.forEach(({ stem }, index) => {
        const id = live.segment.termId(stem);
        if (id >= 0)
          cursors.push(new PostingCursor(live.segment.data, scoring, id, factors[index], index));
      });
      if (cursors.length === 0) continue;
      const search = {
        cursors,
        labels: live.segment.data.labels,
        acceptor: new DocAcceptor(live, options),
        top,
      };
      if (candidates) scoreCandidates(search, candidateOrdinals(live, candidates));
      else this.algorithm(search);
    }
    return top.sorted();
  }

  async documentFrequencies(terms: readonly TextTerm[]): Promise<number[]> {
    return terms.map((term) => this.own.documentFrequency(term.stem));
  }

  async statistics(): Promise<TextStatistics> {
    const { documents, averageLength } = this.own;
    return { documents, averageLength };
  }

  async scoreCeiling(terms: readonly TextTerm[]): Promise<number> {
    const stats = this.scoringStatistics;
    return distinctTerms(terms).reduce(
      (sum, { stem, weight }) =>
        sum + termFactor(weight, stats.documents, stats.documentFrequency(stem)) * SATURATION_LIMIT,
      0,
    );
  }
}

/** Without a filter translation, only exclusions can be honoured; a filter is an error. */
function excludeOnly(restriction: Restriction | undefined): LabelOptions {
  if (!isEmptyFilter(restriction?.filter)) {
    throw new Error('this text index was opened without a filter translation (toLabelOptions)');
  }
  return { exclude: restriction?.exclude };
}

function ownStatistics(segments: readonly LiveSegment[]): CorpusStatistics {
  let documents = 0;
  let length = 0;
  for (const live of segments) {
    documents += live.liveDocuments;
    length += live.liveLength;
  }
  return {
    documents,
    averageLength: documents > 0 ? length / documents : 1,
    documentFrequency(stem: string): number {
      let frequency = 0;
      for (const { segment } of segments) {
        const id = segment.termId(stem);
        if (id >= 0) frequency += segment.frequency(id);
      }
      return frequency;
    },
  };
}

/** The segment's ordinals among the candidates, ascending. */
function candidateOrdinals(live: LiveSegment, candidates: ReadonlySet<number>): Int32Array {
  const ordinals: number[] = [];
  for (const label of candidates) {
    const ordinal = live.segment.ordinalOf(label);
    if (ordinal >= 0) ordinals.push(ordinal);
  }
  return Int32Array.from(ordinals).sort();
}
