import type { Restriction } from '../filter.js';
import type { Neighbour, VectorIndex } from '../vector-index.js';
import type { Database, Queryable } from './connection.js';
import { restrictionConditions, SqlParams } from './filter-sql.js';
import { visibleAt } from './row-versions.js';
import { parseVector, vectorLiteral } from './rows.js';

/** pgvector's ceiling on hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;

export interface VectorSearchSettings {
  dims: number;
  /** 'exact' versions are scanned in full; 'hnsw' ones go through the graph. */
  search: 'exact' | 'hnsw';
  efSearch: number;
  /** Most tuples an iterative graph scan visits before the exact fallback takes over. */
  maxScanTuples: number;
}

/** The vectors one version sees, read by label; shared by published versions and builds. */
export class VectorReader {
  constructor(
    protected readonly db: Queryable,
    protected readonly table: string,
    protected readonly version: number,
  ) {}

  /** Vectors the version holds. */
  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE ${visibleAt('$1')} AND embedding IS NOT NULL`,
      [this.version],
    );
    return rows[0].n;
  }

  async vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    if (labels.length === 0) return [];
    const rows = await this.db.query<{ embedding: string | null }>(
      `SELECT r.embedding::text AS embedding FROM unnest($2::int[]) WITH ORDINALITY AS l(label, n)
       LEFT JOIN ${this.table} r ON r.label = l.label AND r.valid_from <= $1 AND r.valid_to > $1
         AND r.embedding IS NOT NULL
       ORDER BY l.n`,
      [this.version, labels],
    );
    return rows.map((row) => (row.embedding === null ? null : parseVector(row.embedding)));
  }
}

/**
 * Nearest neighbours by inner product (`<#>`, pgvector's negated dot product) on unit vectors,
 * so score = cosine similarity. A restriction is SQL in the same statement; pgvector 0.8's
 * iterative scan keeps walking the graph until k rows pass it, and when the scan gives up
 * (hnsw.max_scan_tuples) with fewer, an exact scan over the filter's own indexes answers.
 */
export class PostgresVectorIndex extends VectorReader implements VectorIndex {
  private liveCount: number | null = null;

  constructor(
    private readonly database: Database,
    table: string,
    version: number,
    private readonly settings: VectorSearchSettings,
  ) {
    super(database, table, version);
  }

  get dims(): number {
    return this.settings.dims;
  }

  /** Counted once: a published version never changes. */
  async size(): Promise<number> {
    this.liveCount ??= await this.count();
    return this.liveCount;
  }

  async search(vector: Float32Array, k: number, restriction?: Restriction): Promise<Neighbour[]> {
    if (vector.length !== this.dims) {
      throw new RangeError(
        `query vector has ${vector.length} dimensions, the index holds ${this.dims}`,
      );
    }
    if (k <= 0) return [];
    const { sql, params } = this.statement(vector, k, restriction);
    const exact = this.settings.search === 'exact';
    const rows = await this.database.transaction(
      async (tx) => {
        const found = await tx.query<{ label: number; score: number }>(sql, params);
        if (found.length >= k || exact) return found;
        // The graph walk stopped short: fewer than k passed within max_scan_tuples. An exact
        // scan (bitmap scans over the filter's indexes, then a sort) finds every match.
        await tx.query('SET LOCAL enable_indexscan = off');
        return tx.query<{ label: number; score: number }>(sql, params);
      },
      this.settingsSql(k, exact),
    );
    return rows.map((row) => ({ label: row.label, score: Number(row.score) }));
  }

  private settingsSql(k: number, exact: boolean): string {
    const ef = Math.min(MAX_EF_SEARCH, Math.max(this.settings.efSearch, k));
    const settings = [
      `SET LOCAL hnsw.ef_search = ${ef}`,
      // Relaxed order: results may come slightly out of order; the outer query re-sorts them.
      'SET LOCAL hnsw.iterative_scan = relaxed_order',
      `SET LOCAL hnsw.max_scan_tuples = ${this.settings.maxScanTuples}`,
    ];
    if (exact) settings.push('SET LOCAL enable_indexscan = off');
    return settings.join('; ');
  }

  private statement(vector: Float32Array, k: number, restriction?: Restriction) {
    const params = new SqlParams();
    const query = params.add(vectorLiteral(vector));
    const version = params.add(this.version);
    const conditions = [
      visibleAt(version),
      'embedding IS NOT NULL',
      ...restrictionConditions(restriction, params),
    ];
    const distance = `embedding::vector(${this.dims}) <#> ${query}::vector(${this.dims})`;
    const sql = `WITH hits AS MATERIALIZED (
        SELECT label, ${distance} AS distance FROM ${this.table}
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${distance} LIMIT ${params.add(k)})
      SELECT label, -distance AS score FROM hits ORDER BY distance, label`;
    return { sql, params: params.values };
  }
}
