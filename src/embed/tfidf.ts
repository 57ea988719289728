import type { CsrMatrix } from './truncated-svd.js';

/**
 * TF-IDF weighting over analysed documents (arrays of terms): a vocabulary chosen by document
 * frequency, sublinear term frequency 1 + ln(tf), smoothed idf ln((1 + n) / (1 + df)) + 1, and
 * L2-normalised rows, so documents of any length weigh the same in the SVD and in cosine ranking.
 */

export interface VocabularyOptions {
  /** Terms in fewer documents are dropped; default 2 from MIN_DF_TWO_FROM_DOCS docs, else 1. */
  minDf?: number;
  /** Terms in a larger share of documents are dropped; default 0.5 from PRUNE_FROM_DOCS docs. */
  maxDfRatio?: number;
  /** The most frequent (by document frequency) terms kept. */
  maxTerms?: number;
}

/** A sparse row: ascending term indices with their weights. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/**
 * Below this many documents the max-df rule would strip a tiny corpus (in 10 papers, a term in 6
 * is in "most" of them), so it applies only from here on.
 */
export const PRUNE_FROM_DOCS = 20;
/**
 * Terms seen in a single document are kept in smaller corpora: a query naming a method that one
 * paper mentions should find that paper, and on the sample keeping them raised the title→abstract
 * MRR of the LSA embedding (see lexicalDims) at every dimension tried. In large corpora
 * the once-seen tail is mostly typos and formula fragments, and would crowd the vocabulary.
 */
export const MIN_DF_TWO_FROM_DOCS = 10_000;
export const DEFAULT_MAX_DF_RATIO = 0.5;
export const DEFAULT_MAX_TERMS = 50_000;

export class TfidfModel {
  private readonly termIndex: Map<string, number>;

  /** `terms[i]` has inverse document frequency `idf[i]`. */
  constructor(
    readonly terms: readonly string[],
    readonly idf: Float32Array,
  ) {
    if (terms.length !== idf.length) throw new RangeError('terms and idf differ in length');
    this.termIndex = new Map(terms.map((term, i) => [term, i]));
  }

  get size(): number {
    return this.terms.length;
  }

  /**
   * Fits the vocabulary and idf, and returns the weighted fitted corpus as a docs × terms matrix.
   * Documents are read once; only their term counts are kept in memory.
   */
  static fit(
    docs: Iterable<readonly string[]>,
    options: VocabularyOptions = {},
  ): { model: TfidfModel; matrix: CsrMatrix } {
    const counts = countTerms(docs);
    const vocabulary = selectVocabulary(counts, options);
    const idf = Float32Array.from(vocabulary.df, (df) => smoothedIdf(counts.rows, df));
    const model = new TfidfModel(vocabulary.terms, idf);
    const matrix = new CsrBuilder();
    for (let i = 0; i < counts.rows; i++) {
      const row = remapRow(counts, i, vocabulary.remap);
      matrix.push(model.weigh(row.ids, row.counts));
    }
    return { model, matrix: matrix.build(model.size) };
  }

  has(term: string): boolean {
    return this.termIndex.has(term);
  }

  /** The document's TF-IDF row, L2-normalised; empty when none of its terms is known. */
  vectorize(terms: readonly string[]): SparseVector {
    const tf = new Map<number, number>();
    for (const term of terms) {
      const id = this.termIndex.get(term);
      if (id !== undefined) tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    return this.weigh([...tf.keys()], [...tf.values()]);
  }

  transform(docs: Iterable<readonly string[]>): CsrMatrix {
    const matrix = new CsrBuilder();
    for (const terms of docs) matrix.push(this.vectorize(terms));
    return matrix.build(this.size);
  }

  private weigh(ids: number[], counts: number[]): SparseVector {
    const order = ids.map((_, k) => k).sort((a, b) => ids[a] - ids[b]);
    const indices = Uint32Array.from(order, (k) => ids[k]);
    const weights = order.map((k) => (1 + Math.log(counts[k])) * this.idf[ids[k]]);
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    return { indices, values: Float32Array.from(weights, (w) => w / norm) };
  }
}

function smoothedIdf(docs: number, df: number): number {
  return Math.log((1 + docs) / (1 + df)) + 1;
}

/** Raw counts over a provisional dictionary, in the order terms were first seen. */
interface TermCounts {
  rows: number;
  dictionary: string[];
  df: number[];
  matrix: CsrMatrix;
}

function countTerms(docs: Iterable<readonly string[]>): TermCounts {
  const ids = new Map<string, number>();
  const dictionary: string[] = [];
  const df: number[] = [];
  const builder = new CsrBuilder();
  let rows = 0;
  for (const terms of docs) {
    const tf = new Map<number, number>();
    for (const term of terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = dictionary.push(term) - 1;
        ids.set(term, id);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id]++;
    builder.push({ indices: Uint32Array.from(tf.keys()), values: Float32Array.from(tf.values()) });
    rows++;
  }
  return { rows, dictionary, df, matrix: builder.build(dictionary.length) };
}

/**
 * The kept terms, sorted by code unit so the order (and a serialised model) never depends on
 * input order or locale, plus a map from provisional ids to final ones (−1 = dropped).
 */
function selectVocabulary(
  counts: TermCounts,
  options: VocabularyOptions,
): { terms: string[]; df: number[]; remap: Int32Array } {
  const minDf = options.minDf ?? (counts.rows >= MIN_DF_TWO_FROM_DOCS ? 2 : 1);
  const maxDfRatio =
    options.maxDfRatio ?? (counts.rows >= PRUNE_FROM_DOCS ? DEFAULT_MAX_DF_RATIO : 1);
  const maxDf = maxDfRatio * counts.rows;
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  const { dictionary, df } = counts;
  const candidates = dictionary
    .map((_, id) => id)
    .filter((id) => df[id] >= minDf && df[id] <= maxDf)
    .sort((a, b) => df[b] - df[a] || compareCodeUnits(dictionary[a], dictionary[b]))
    .slice(0, maxTerms)
    .sort((a, b) => compareCodeUnits(dictionary[a], dictionary[b]));
  const remap = new Int32Array(dictionary.length).fill(-1);
  candidates.forEach((id, index) => (remap[id] = index));
  return {
    terms: candidates.map((id) => dictionary[id]),
    df: candidates.map((id) => df[id]),
    remap,
  };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function remapRow(
  counts: TermCounts,
  row: number,
  remap: Int32Array,
): { ids: number[]; counts: number[] } {
  const { indptr, indices, data } = counts.matrix;
  const out = { ids: [] as number[], counts: [] as number[] };
  for (let p = indptr[row]; p < indptr[row + 1]; p++) {
    const id = remap[indices[p]];
    if (id < 0) continue;
    out.ids.push(id);
    out.counts.push(data[p]);
  }
  return out;
}

/** Appends sparse rows into growing typed arrays (doubling), so no per-row objects are kept. */
class CsrBuilder {
  private indptr: number[] = [0];
  private indices = new Uint32Array(1024);
  private data = new Float32Array(1024);
  private nnz = 0;

  push(row: SparseVector): void {
    this.reserve(this.nnz + row.indices.length);
    this.indices.set(row.indices, this.nnz);
    this.data.set(row.values, this.nnz);
    this.nnz += row.indices.length;
    this.indptr.push(this.nnz);
  }

  build(cols: number): CsrMatrix {
    return {
      rows: this.indptr.length - 1,
      cols,
      indptr: Uint32Array.from(this.indptr),
      indices: this.indices.slice(0, this.nnz),
      data: this.data.slice(0, this.nnz),
    };
  }

  private reserve(size: number): void {
    if (size <= this.indices.length) return;
    const capacity = Math.max(size, this.indices.length * 2);
    const indices = new Uint32Array(capacity);
    indices.set(this.indices.subarray(0, this.nnz));
    const data = new Float32Array(capacity);
    data.set(this.data.subarray(0, this.nnz));
    this.indices = indices;
    this.data = data;
  }
}
