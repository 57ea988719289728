import { luceneIdf, SATURATION_LIMIT } from '../bm25.js';
import type { Restriction } from '../filter.js';
import type { Scored, TextIndex, TextQuery, TextStatistics, TextTerm } from '../text-index.js';
import type { Queryable } from './connection.js';
import { restrictionConditions, SqlParams } from './filter-sql.js';
import { IndexNames } from './names.js';
import { visibleAt } from './row-versions.js';
import { TEXT_CONFIG } from './rows.js';
import { BM25_DOCUMENT, type TextEngine } from './schema.js';

/**
 * The analysed words of a query OR-ed into one tsquery, each stemmed by the engine's own
 * configuration (the interface hands over words before stemming for this reason). Words are
 * bound as one array parameter; a stopword yields an empty query and drops out.
 */
const ANY_WORD = (words: string) =>
  `(array_to_string(ARRAY(SELECT q::text FROM unnest(${words}::text[]) AS w, plainto_tsquery('${TEXT_CONFIG}', w) AS q WHERE numnode(q) > 0), ' | ')::tsquery)`;

/**
 * ts_rank weights for {D, C, B, A}: abstract (B) 0.5, title (A) 1, so a title word counts
 * twice an abstract word, as the embedded BM25's column weights have it. ts_rank caps
 * weights at 1. Normalisation 1 divides by 1 + log(document length).
 */
const FTS_RANK = (tsquery: string) => `ts_rank('{0, 0, 0.5, 1}', tsv, ${tsquery}, 1)`;

/**
 * Lexical ranking over one version's titles and abstracts. A paper matches when it holds any
 * query word (the GIN-indexed tsvector decides, for both engines); matches are ranked by
 * pg_textsearch's BM25 or by ts_rank. Term weights are not used in ranking, as in the
 * embedded FTS5 engine: they choose which terms a query searches.
 */
export class PostgresTextIndex implements TextIndex {
  private stats: TextStatistics | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly names: IndexNames,
    private readonly generation: number,
    private readonly version: number,
    private readonly engine: Exclude<TextEngine, 'postings'>,
  ) {}

  private get table(): string {
    return this.names.rows(this.generation);
  }

  async search(query: TextQuery, k: number, restriction?: Restriction): Promise<Scored[]> {
    const words = query.terms.map((t) => t.word).filter((w) => w.trim() !== '');
    if (words.length === 0 || k <= 0) return [];
    const params = new SqlParams();
    const version = params.add(this.version);
    const tsquery = ANY_WORD(params.add(words));
    const conditions = [
      visibleAt(version),
      `tsv @@ ${tsquery}`,
      ...restrictionConditions(restriction, params),
    ];
    const [score, order] = this.ranking(words, params, tsquery);
    const rows = await this.db.query<{ label: number; score: number }>(
      `SELECT label, ${score} AS score FROM ${this.table} WHERE ${conditions.join(' AND ')}
       ORDER BY ${order} LIMIT ${params.add(k)}`,
      params.values,
    );
    return rows.map((row) => ({ label: row.label, score: Number(row.score) }));
  }

  /** The score (higher is better) and the ORDER BY that an index can serve. */
  private ranking(words: string[], params: SqlParams, tsquery: string): [string, string] {
    if (this.engine === 'fts') return [FTS_RANK(tsquery), `${FTS_RANK(tsquery)} DESC, label`];
    // pg_textsearch's <@> is the negated BM25 score, ascending for its index scan.
    const bm25Index = `${this.names.schema}.${this.names.rowsIndex(this.generation, 'bm25')}`;
    const distance = `${BM25_DOCUMENT} <@> to_bm25query(${params.add(words.join(' '))}, '${bm25Index}')`;
    return [`-(${distance})`, distance];
  }

  async documentFrequencies(terms: readonly TextTerm[]): Promise<number[]> {
    if (terms.length === 0) return [];
    const rows = await this.db.query<{ df: number }>(
      `SELECT (SELECT count(*)::int FROM ${this.table}
                WHERE ${visibleAt('$1')} AND tsv @@ plainto_tsquery('${TEXT_CONFIG}', t.word)) AS df
       FROM unnest($2::text[]) WITH ORDINALITY AS t(word, n) ORDER BY t.n`,
      [this.version, terms.map((t) => t.word)],
    );
    return rows.map((row) => row.df);
  }

  /**
   * BM25 (pg_textsearch: Lucene's idf, and k1 and b as the project's): each term's
   * contribution tends to idf × (k1 + 1).
   * ts_rank with these weights stays at or below 1 for any paper.
   */
  async scoreCeiling(terms: readonly TextTerm[]): Promise<number> {
    if (this.engine === 'fts') return 1;
    const [frequencies, { documents }] = await Promise.all([
      this.documentFrequencies(terms),
      this.statistics(),
    ]);
    return frequencies.reduce((sum, df) => sum + luceneIdf(documents, df) * SATURATION_LIMIT, 0);
  }

  /** Documents and mean length in the engine's tokens; BM25 sees each title twice. */
  async statistics(): Promise<TextStatistics> {
    if (this.stats === null) {
      const titleTimes = this.engine === 'bm25' ? 2 : 1;
      const rows = await this.db.query<{ documents: number; average: number | null }>(
        `SELECT count(*)::int AS documents, avg(${titleTimes} * title_tokens + abstract_tokens)::float8 AS average
         FROM ${this.table} WHERE ${visibleAt('$1')} AND text_title IS NOT NULL`,
        [this.version],
      );
      this.stats = { documents: rows[0].documents, averageLength: rows[0].average ?? 0 };
    }
    return this.stats;
  }
}
