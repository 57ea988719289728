import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Paper } from '../corpus/paper.js';
import type { DocumentInput } from '../embed/embedder.js';
import type {
  FilterFacts,
  PaperStore,
  StoredPaper,
  TextMatch,
  TextMatchOptions,
} from './paper-store.js';

type Db = Database.Database;

interface PaperRow {
  label: number;
  id: string;
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  published: string | null;
  url: string | null;
  doi: string | null;
  arxiv_id: string | null;
  venue: string | null;
  keywords: string;
  content_hash: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS papers (
  label INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  abstract TEXT NOT NULL,
  authors TEXT NOT NULL,
  categories TEXT NOT NULL,
  published TEXT,
  url TEXT,
  doi TEXT,
  arxiv_id TEXT,
  venue TEXT,
  keywords TEXT NOT NULL DEFAULT '[]',
  year INTEGER,
  content_hash TEXT NOT NULL
);
-- DOIs are case-insensitive; both ids are looked up as papers are referenced by them.
CREATE INDEX IF NOT EXISTS papers_doi ON papers (lower(doi)) WHERE doi IS NOT NULL;
CREATE INDEX IF NOT EXISTS papers_arxiv_id ON papers (arxiv_id) WHERE arxiv_id IS NOT NULL;
-- Embedding checkpoints: vectors by content hash, written as ingest goes so a killed
-- job resumes, and reused by later builds whose embedder fingerprint matches.
CREATE TABLE IF NOT EXISTS embeddings (
  content_hash TEXT PRIMARY KEY,
  vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
  title, abstract, content='papers', content_rowid='label', tokenize='porter unicode61'
);
`;

/** PaperStore on one SQLite file (better-sqlite3): papers, embeddings, metadata, FTS5. */
export class SqlitePaperStore implements PaperStore {
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(private readonly db: Db) {}

  /** Prepared statements are compiled once and reused: preparing dominates small queries. */
  private sql(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  static open(file: string, options: { readonly?: boolean } = {}): SqlitePaperStore {
    const readonly = options.readonly ?? false;
    const db = new Database(file, { readonly, fileMustExist: readonly });
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
    }
    return new SqlitePaperStore(db);
  }

  get count(): number {
    return (this.sql('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  }

  /** Highest label in use; -1 when the store is empty. */
  maxLabel(): number {
    return (this.sql('SELECT max(label) AS m FROM papers').get() as { m: number | null }).m ?? -1;
  }

  getById(id: string): StoredPaper | null {
    const row = this.sql('SELECT * FROM papers WHERE id = ?').get(id) as PaperRow | undefined;
    return row ? fromRow(row) : null;
  }

  getByDoi(doi: string): StoredPaper | null {
    const row = this.sql('SELECT * FROM papers WHERE lower(doi) = lower(?) ORDER BY label LIMIT 1').get(
      doi,
    ) as PaperRow | undefined;
    return row ? fromRow(row) : null;
  }

  getByArxivId(arxivId: string): StoredPaper | null {
    const row = this.sql('SELECT * FROM papers WHERE arxiv_id = ? ORDER BY label LIMIT 1').get(
      arxivId,
    ) as PaperRow | undefined;
    return row ? fromRow(row) : null;
  }

  getByLabels(labels: number[]): StoredPaper[] {
    if (labels.length === 0) return [];
    const rows = this.sql('SELECT p.* FROM json_each(?) AS j JOIN papers p ON p.label = j.value ORDER BY j.key')
      .all(JSON.stringify(labels)) as PaperRow[];
    return rows.map(fromRow);
  }

  *filterFacts(): Iterable<FilterFacts> {
    const stmt = this.sql('SELECT label, year, categories, authors FROM papers');
    for (const row of stmt.iterate() as Iterable<Pick<PaperRow, 'label' | 'categories' | 'authors'> & { year: number | null }>) {
      yield {
        label: row.label,
        year: row.year,
        categories: JSON.parse(row.categories),
        authors: JSON.parse(row.authors),
      };
    }
  }

  *vectors(dims: number): Iterable<{ label: number; vector: Float32Array }> {
    const stmt = this.sql(
      'SELECT p.label AS label, e.vector AS vector FROM papers p JOIN embeddings e ON e.content_hash = p.content_hash',
    );
    for (const row of stmt.iterate() as Iterable<{ label: number; vector: Buffer }>) {
      yield { label: row.label, vector: decodeVector(row.vector, dims) };
    }
  }

  /**
   * Papers in label order, a page at a time. Each page is fully read before it is yielded,
   * so callers may write to the store between pages.
   */
  *papersInLabelOrder(pageSize: number): Iterable<StoredPaper[]> {
    let after = -1;
    for (;;) {
      const rows = this.sql('SELECT * FROM papers WHERE label > ? ORDER BY label LIMIT ?').all(
        after,
        pageSize,
      ) as PaperRow[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1].label;
      yield rows.map(fromRow);
    }
  }

  /** Every paper's label, id and content hash, in label order: what versions are diffed on. */
  *identities(): Iterable<{ label: number; id: string; contentHash: string }> {
    const stmt = this.sql('SELECT label, id, content_hash AS contentHash FROM papers ORDER BY label');
    yield* stmt.iterate() as Iterable<{ label: number; id: string; contentHash: string }>;
  }

  /** Titles and abstracts of every paper, in label order (fitting corpus-level models). */
  allDocuments(): DocumentInput[] {
    return this.sql('SELECT title, abstract FROM papers ORDER BY label').all() as DocumentInput[];
  }

  /** Hash over every paper's id and content, in label order: equal stores, equal checksum. */
  corpusChecksum(): string {
    const hash = createHash('sha256');
    const rows = this.sql('SELECT id, content_hash FROM papers ORDER BY label').iterate() as Iterable<{
      id: string;
      content_hash: string;
    }>;
    for (const row of rows) hash.update(`${row.id}\0${row.content_hash}\n`);
    return hash.digest('hex');
  }

  hasEmbedding(contentHash: string): boolean {
    return this.sql('SELECT 1 FROM embeddings WHERE content_hash = ?').get(contentHash) !== undefined;
  }

  getEmbedding(contentHash: string, dims: number): Float32Array | null {
    const row = this.sql('SELECT vector FROM embeddings WHERE content_hash = ?').get(contentHash) as
      | { vector: Buffer }
      | undefined;
    return row ? decodeVector(row.vector, dims) : null;
  }

  putEmbedding(contentHash: string, vector: Float32Array): void {
    this.sql('INSERT OR REPLACE INTO embeddings (content_hash, vector) VALUES (?, ?)')
      .run(contentHash, encodeVector(vector));
  }

  /** Inserts or replaces a paper under the given label, keeping the FTS index in step. */
  putPaper(label: number, paper: Paper, contentHash: string): void {
    this.deleteLabel(label);
    this.sql(
        `INSERT INTO papers (label, id, title, abstract, authors, categories, published, url,
           doi, arxiv_id, venue, keywords, year, content_hash)
         VALUES (@label, @id, @title, @abstract, @authors, @categories, @published, @url,
           @doi, @arxivId, @venue, @keywords, @year, @hash)`,
      )
      .run({
        label,
        id: paper.id,
        title: paper.title,
        abstract: paper.abstract,
        authors: JSON.stringify(paper.authors),
        categories: JSON.stringify(paper.categories),
        published: paper.published,
        url: paper.url,
        doi: paper.doi,
        arxivId: paper.arxivId,
        venue: paper.venue,
        keywords: JSON.stringify(paper.keywords),
        year: paper.published ? Number(paper.published.slice(0, 4)) : null,
        hash: contentHash,
      });
    this.sql('INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)')
      .run(label, paper.title, paper.abstract);
  }

  deleteLabel(label: number): void {
    const row = this.sql('SELECT title, abstract FROM papers WHERE label = ?').get(label) as
      | { title: string; abstract: string }
      | undefined;
    if (!row) return;
    this.sql("INSERT INTO papers_fts (papers_fts, rowid, title, abstract) VALUES ('delete', ?, ?, ?)")
      .run(label, row.title, row.abstract);
    this.sql('DELETE FROM papers WHERE label = ?').run(label);
  }

  matchText(query: string, options: TextMatchOptions): TextMatch[] {
    // bm25() is lower for better matches; it is negated so higher is better, as for vectors.
    const restrict = options.labels ? 'AND rowid IN (SELECT value FROM json_each(@labels))' : '';
    return this.sql(
      `SELECT rowid AS label, -bm25(papers_fts, @title, @abstract) AS score FROM papers_fts
       WHERE papers_fts MATCH @query ${restrict}
       ORDER BY bm25(papers_fts, @title, @abstract), rowid LIMIT @limit`,
    ).all({
      query,
      limit: options.limit,
      ...options.weights,
      ...(options.labels ? { labels: JSON.stringify(options.labels) } : {}),
    }) as TextMatch[];
  }

  countTextMatches(query: string): number {
    const row = this.sql('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?').get(query);
    return (row as { n: number }).n;
  }

  /** Rows and token instances in the full-text index: the statistics BM25 weighs with. */
  textTotals(): { rows: number; tokens: number } {
    this.db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_terms USING fts5vocab(main, 'papers_fts', 'row')",
    );
    const row = this.sql('SELECT sum(cnt) AS tokens FROM temp.papers_terms').get() as {
      tokens: number | null;
    };
    return { rows: this.count, tokens: row.tokens ?? 0 };
  }

  /**
   * How often an FTS5 phrase occurs in one paper's title and abstract, and the paper's
   * length in tokens: the per-document inputs of BM25, as FTS5 tokenises them.
   */
  phraseHits(phrase: string, label: number): { title: number; abstract: number; length: number } {
    this.db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_instances USING fts5vocab(main, 'papers_fts', 'instance')",
    );
    // The CAST matters: a JS number is bound as a REAL, and FTS5 then ignores the rowid term.
    const row = this.sql(
      `SELECT highlight(papers_fts, 0, char(1), '') AS title, highlight(papers_fts, 1, char(1), '') AS abstract
       FROM papers_fts WHERE papers_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
    ).get(phrase, label) as { title: string; abstract: string } | undefined;
    const length = this.sql('SELECT count(*) AS n FROM temp.papers_instances WHERE doc = ?').get(
      label,
    ) as { n: number };
    const hits = (text: string | undefined) => (text ? text.split('\x01').length - 1 : 0);
    return { title: hits(row?.title), abstract: hits(row?.abstract), length: length.n };
  }

  getMeta(key: string): Buffer | null {
    const row = this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: Buffer } | undefined;
    return row ? Buffer.from(row.value) : null;
  }

  setMeta(key: string, value: Buffer | string): void {
    this.sql('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
      .run(key, typeof value === 'string' ? Buffer.from(value) : value);
  }

  /** Runs fn in one transaction: all of it lands, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Drops embeddings no stored paper uses (left by changed or removed papers). */
  pruneEmbeddings(): number {
    return this.sql(
      'DELETE FROM embeddings WHERE content_hash NOT IN (SELECT content_hash FROM papers)',
    ).run().changes;
  }

  /**
   * Makes the store one self-contained file (no WAL beside it), optimised for reading,
   * so a published version can be opened read-only by any number of servers.
   */
  seal(): void {
    this.db.exec("INSERT INTO papers_fts (papers_fts) VALUES ('optimize')");
    this.db.pragma('journal_mode = DELETE');
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    this.db.close();
  }
}

function fromRow(row: PaperRow): StoredPaper {
  return {
    label: row.label,
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors),
    categories: JSON.parse(row.categories),
    published: row.published,
    url: row.url,
    doi: row.doi,
    arxivId: row.arxiv_id,
    venue: row.venue,
    keywords: JSON.parse(row.keywords),
    contentHash: row.content_hash,
  };
}

export function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function decodeVector(blob: Buffer, dims: number): Float32Array {
  if (blob.byteLength !== dims * 4) {
    throw new Error(`stored vector has ${blob.byteLength / 4} dimensions, expected ${dims}`);
  }
  // Copy: the blob's buffer may be shared and unaligned.
  const out = new Float32Array(dims);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
