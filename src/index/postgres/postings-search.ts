import { BM25_B, BM25_K1, bm25Ceiling, bm25Idf, distinctTerms, SATURATION_LIMIT } from '../bm25.js';
import { isEmptyFilter, type Restriction } from '../filter.js';
import type { Scored, TextIndex, TextQuery, TextStatistics, TextTerm } from '../text-index.js';
import type { Queryable } from './connection.js';
import { restrictionConditions, SqlParams } from './filter-sql.js';
import type { IndexNames } from './names.js';
import { postingsTable, statsTable, termsTable } from './postings.js';
import { visibleAt } from './row-versions.js';

/** Document frequencies a version keeps in memory before it starts over. */
const FREQUENCIES_KEPT = 100_000;

/**
 * The project's BM25 (src/index/bm25.ts) in SQL, over one version's postings: each query
 * term's factor (weight × idf from the version's document frequencies) is computed here, and
 * the server sums factor × saturation over a paper's matched terms, with the paper's length
 * against the version's average, in the same arithmetic as the embedded engine.
 */
export class PostingsTextIndex implements TextIndex {
  readonly projectBm25 = true;
  private stats: TextStatistics | null = null;
  /** A published version's document frequencies never change: each is read once. */
  private readonly frequencies = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly names: IndexNames,
    private readonly generation: number,
    private readonly version: number,
  ) {}

  async search(query: TextQuery, k: number, restriction?: Restriction): Promise<Scored[]> {
    const terms = distinctTerms(query.terms);
    if (terms.length === 0 || k <= 0) return [];
    const [frequencies, { documents, averageLength }] = await Promise.all([
      this.documentFrequencies(terms),
      this.statistics(),
    ]);
    const matched = terms.flatMap((term, i) =>
      frequencies[i] > 0
        ? [{ stem: term.stem, factor: term.weight * bm25Idf(documents, frequencies[i]) }]
        : [],
    );
    if (matched.length === 0) return [];
    const params = new SqlParams();
    const version = params.add(this.version);
    const stems = params.add(matched.map((t) => t.stem));
    const factors = params.add(matched.map((t) => t.factor));
    // k1 (1 - b + b × length / average), then f (k1 + 1) / (f + norm): bm25Norm and bm25Saturation.
    const norm = `${params.add(BM25_K1)}::float8 * (1 - ${params.add(BM25_B)}::float8 + (${params.add(BM25_B)}::float8 * p.length) / ${params.add(averageLength)}::float8)`;
    const saturation = `(p.tf * ${params.add(SATURATION_LIMIT)}::float8) / (p.tf + ${norm})`;
    const rows = await this.db.query<{ label: number; score: number }>(
      `SELECT p.label, sum(q.factor * ${saturation}) AS score
       FROM unnest(${stems}::text[], ${factors}::float8[]) AS q(term, factor)
       JOIN ${postingsTable(this.names, this.generation)} p ON p.term = q.term
       WHERE p.valid_from <= ${version} AND p.valid_to > ${version} ${this.restrictionSql(restriction, params, version)}
       GROUP BY p.label ORDER BY score DESC, p.label LIMIT ${params.add(k)}`,
      params.values,
    );
    return rows.map((row) => ({ label: row.label, score: Number(row.score) }));
  }

  /** An exclusion applies to the postings' labels; a filter selects among the version's rows. */
  private restrictionSql(
    restriction: Restriction | undefined,
    params: SqlParams,
    version: string,
  ): string {
    if (!restriction) return '';
    const conditions = restrictionConditions(restriction, params);
    if (conditions.length === 0) return '';
    // Only the postings have a label column here, so an exclusion's condition reads theirs.
    if (isEmptyFilter(restriction.filter)) return `AND ${conditions.join(' AND ')}`;
    return `AND p.label IN (SELECT label FROM ${this.names.rows(this.generation)}
                            WHERE ${[visibleAt(version), ...conditions].join(' AND ')})`;
  }

  async documentFrequencies(terms: readonly TextTerm[]): Promise<number[]> {
    const missing = [...new Set(terms.map((t) => t.stem))].filter(
      (stem) => !this.frequencies.has(stem),
    );
    if (missing.length > 0) {
      const rows = await this.db.query<{ term: string; df: number }>(
        `SELECT term, df FROM ${termsTable(this.names)} WHERE version = $1 AND term = ANY($2::text[])`,
        [this.version, missing],
      );
      if (this.frequencies.size + missing.length > FREQUENCIES_KEPT) this.frequencies.clear();
      for (const stem of missing) this.frequencies.set(stem, 0);
      for (const row of rows) this.frequencies.set(row.term, row.df);
    }
    return terms.map((t) => this.frequencies.get(t.stem) ?? 0);
  }

  async statistics(): Promise<TextStatistics> {
    if (this.stats === null) {
      const rows = await this.db.query<{ documents: number; total_length: string }>(
        `SELECT documents, total_length FROM ${statsTable(this.names)} WHERE version = $1`,
        [this.version],
      );
      const documents = rows[0]?.documents ?? 0;
      const length = Number(rows[0]?.total_length ?? 0);
      this.stats = { documents, averageLength: documents > 0 ? length / documents : 1 };
    }
    return this.stats;
  }

  async scoreCeiling(terms: readonly TextTerm[]): Promise<number> {
    const distinct = distinctTerms(terms);
    const [frequencies, { documents }] = await Promise.all([
      this.documentFrequencies(distinct),
      this.statistics(),
    ]);
    return bm25Ceiling(
      documents,
      distinct.map((t, i) => ({ weight: t.weight, documentFrequency: frequencies[i] })),
    );
  }
}
