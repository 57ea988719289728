import { fts5Ceiling } from '../../../src/index/bm25.js';
import type { Restriction } from '../../../src/index/filter.js';
import type {
  Scored,
  TextDocument,
  TextIndex,
  TextQuery,
  TextStatistics,
  TextTerm,
  TextWriter,
} from '../../../src/index/text-index.js';
import type { FacetIndex } from '../../../src/index/embedded/facet-index.js';
import type { SqliteDatabase } from '../../../src/index/embedded/sqlite-database.js';

/** BM25 column weights: a term in the title counts twice as much as one in the abstract. */
export const BM25_WEIGHTS = { title: 2, abstract: 1 };

/** Document frequencies kept per opened version; a bound, not a tuning. */
const MAX_CACHED_FREQUENCIES = 100_000;

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
  title, abstract, tokenize='porter unicode61'
);
`;

/**
 * SQLite FTS5 over titles and abstracts (rowid = label), as the service searched before its own
 * BM25 index: kept as the comparator of the lexical-engines benchmark.
 */
export class Fts5TextWriter implements TextWriter {
  constructor(private readonly db: SqliteDatabase) {
    db.handle.exec(SCHEMA);
  }

  async put(docs: readonly TextDocument[]): Promise<void> {
    const remove = this.db.sql('DELETE FROM papers_fts WHERE rowid = ?');
    const insert = this.db.sql('INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const doc of docs) {
        remove.run(doc.label);
        insert.run(doc.label, doc.title, doc.abstract);
      }
    });
  }

  async remove(labels: readonly number[]): Promise<void> {
    const remove = this.db.sql('DELETE FROM papers_fts WHERE rowid = ?');
    this.db.transaction(() => {
      for (const label of labels) remove.run(label);
    });
  }

  /** Merges the index's segments for reading; run once before the version is sealed. */
  optimize(): void {
    this.db.handle.exec("INSERT INTO papers_fts (papers_fts) VALUES ('optimize')");
  }
}

/**
 * BM25 over a version's FTS5 index. Filters are planned as for vectors: a selective filter is
 * pushed into the query as its candidate list; a broad one is applied to an over-fetched
 * ranking. Terms are sent as the analysed word before stemming, since FTS5 stems with its own
 * Porter tokenizer, each quoted so no input can be FTS5 syntax.
 */
export class Fts5TextIndex implements TextIndex {
  private totals: TextStatistics | null = null;
  /** Document frequencies already counted: a published version never changes. */
  private readonly frequencies = new Map<string, number>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly facets: FacetIndex,
    private readonly scanBelow: number,
  ) {}

  async search(query: TextQuery, k: number, restriction: Restriction = {}): Promise<Scored[]> {
    const match = ftsQuery(query.terms);
    if (match === null || k <= 0) return [];
    const exclude = restriction.exclude ?? new Set<number>();
    const selection = this.facets.compile(restriction.filter);
    const run = (limit: number, labels?: number[]) => this.match(match, limit, labels);
    if (selection && selection.estimate <= this.scanBelow) {
      return run(
        k,
        selection.candidates().filter((label) => !exclude.has(label)),
      );
    }
    const allowed = (m: Scored) => !exclude.has(m.label) && (selection?.accepts(m.label) ?? true);
    // Unfiltered, only the excluded papers can displace results; a broad filter may reject
    // many, so the ranking is fetched four times deeper each round until k pass or it ends.
    for (let limit = k + exclude.size; ; limit *= 4) {
      const found = run(limit);
      const kept = found.filter(allowed);
      if (kept.length >= k || found.length < limit) return kept.slice(0, k);
    }
  }

  async documentFrequencies(terms: readonly TextTerm[]): Promise<number[]> {
    return this.documentFrequenciesNow(terms);
  }

  documentFrequenciesNow(terms: readonly TextTerm[]): number[] {
    const count = this.db.sql('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?');
    return terms.map(({ word }) => {
      let df = this.frequencies.get(word);
      if (df === undefined) {
        if (this.frequencies.size >= MAX_CACHED_FREQUENCIES) this.frequencies.clear();
        df = (count.get(ftsString(word)) as { n: number }).n;
        this.frequencies.set(word, df);
      }
      return df;
    });
  }

  async scoreCeiling(terms: readonly TextTerm[]): Promise<number> {
    const [frequencies, { documents }] = await Promise.all([
      this.documentFrequencies(terms),
      this.statistics(),
    ]);
    return fts5Ceiling(documents, frequencies);
  }

  async statistics(): Promise<TextStatistics> {
    this.totals ??= this.readTotals();
    return this.totals;
  }

  /** The best `limit` matches of an FTS5 query, on the calling thread. */
  match(query: string, limit: number, labels?: number[]): Scored[] {
    // bm25() is lower for better matches; it is negated so higher is better, as for vectors.
    const restrict = labels ? 'AND rowid IN (SELECT value FROM json_each(@labels))' : '';
    return this.db
      .sql(
        `SELECT rowid AS label, -bm25(papers_fts, @title, @abstract) AS score FROM papers_fts
         WHERE papers_fts MATCH @query ${restrict}
         ORDER BY bm25(papers_fts, @title, @abstract), rowid LIMIT @limit`,
      )
      .all({
        query,
        limit,
        ...BM25_WEIGHTS,
        ...(labels ? { labels: JSON.stringify(labels) } : {}),
      }) as Scored[];
  }

  /** Rows and mean tokens per row in the full-text index: the statistics BM25 weighs with. */
  private readTotals(): TextStatistics {
    this.db.handle.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_terms USING fts5vocab(main, 'papers_fts', 'row')",
    );
    const tokens = this.db.sql('SELECT sum(cnt) AS n FROM temp.papers_terms').get() as {
      n: number | null;
    };
    const rows = this.db.sql('SELECT count(*) AS n FROM papers_fts').get() as { n: number };
    return { documents: rows.n, averageLength: rows.n > 0 ? (tokens.n ?? 0) / rows.n : 0 };
  }
}

/** The FTS5 query matching any of the terms; null when there are none. */
export function ftsQuery(terms: readonly TextTerm[]): string | null {
  return terms.length > 0 ? terms.map((t) => ftsString(t.word)).join(' OR ') : null;
}

/** An FTS5 string literal: double quotes inside are doubled. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}
