import { createHash } from 'node:crypto';
import { normalizeTitleKey, type Paper } from '../../corpus/paper.js';
import type { PaperIdentity, PaperRef, RecordWriter, StoredPaper } from '../record-store.js';
import { SqliteDatabase } from './sqlite-database.js';

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
  text_hash: string;
}

/** The facts the embedded engine's filters index, per label. */
export interface FacetRow {
  label: number;
  published: string | null;
  categories: string[];
  authors: string[];
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
  keywords TEXT NOT NULL,
  title_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  text_hash TEXT NOT NULL
);
-- Papers are referenced by DOI (any case), arXiv id and title as well as by id.
CREATE INDEX IF NOT EXISTS papers_doi ON papers (lower(doi)) WHERE doi IS NOT NULL;
CREATE INDEX IF NOT EXISTS papers_arxiv_id ON papers (arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS papers_title_key ON papers (title_key);
-- Checkpoints of embeddings are kept while a version uses their text.
CREATE INDEX IF NOT EXISTS papers_text_hash ON papers (text_hash);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
`;

/** The records of one embedded index version: papers by id, reference and label, and metadata. */
export class SqliteRecords implements RecordWriter {
  /** Counted once when read-only: a published version never changes, and counting scans it. */
  private readOnlyCount: number | null = null;

  private constructor(readonly db: SqliteDatabase) {}

  static open(file: string, options: { readonly?: boolean } = {}): SqliteRecords {
    const db = SqliteDatabase.open(file, options);
    if (!db.readonly) db.handle.exec(SCHEMA);
    return new SqliteRecords(db);
  }

  async count(): Promise<number> {
    return this.countNow();
  }

  countNow(): number {
    if (this.readOnlyCount !== null) return this.readOnlyCount;
    const { n } = this.db.sql('SELECT count(*) AS n FROM papers').get() as { n: number };
    if (this.db.readonly) this.readOnlyCount = n;
    return n;
  }

  /** One past the highest label in use (0 when empty): where fresh labels start. */
  nextLabel(): number {
    const row = this.db.sql('SELECT max(label) AS m FROM papers').get() as { m: number | null };
    return (row.m ?? -1) + 1;
  }

  async find(ref: PaperRef): Promise<StoredPaper | null> {
    return this.findNow(ref);
  }

  findNow(ref: PaperRef): StoredPaper | null {
    const [where, value] =
      'id' in ref
        ? ['id = ?', ref.id]
        : 'doi' in ref
          ? ['lower(doi) = lower(?)', ref.doi]
          : 'arxivId' in ref
            ? ['arxiv_id = ?', ref.arxivId]
            : ['title_key = ?', normalizeTitleKey(ref.title)];
    const row = this.db.sql(`SELECT * FROM papers WHERE ${where} ORDER BY label LIMIT 1`).get(
      value,
    ) as PaperRow | undefined;
    return row ? fromRow(row) : null;
  }

  async byLabels(labels: readonly number[]): Promise<StoredPaper[]> {
    if (labels.length === 0) return [];
    const rows = this.db
      .sql('SELECT p.* FROM json_each(?) AS j JOIN papers p ON p.label = j.value ORDER BY j.key')
      .all(JSON.stringify(labels)) as PaperRow[];
    return rows.map(fromRow);
  }

  async *identities(): AsyncIterable<PaperIdentity> {
    const stmt = this.db.sql(
      'SELECT label, id, content_hash AS contentHash, text_hash AS textHash FROM papers ORDER BY label',
    );
    yield* stmt.iterate() as Iterable<PaperIdentity>;
  }

  async put(
    entries: ReadonlyArray<{ label: number; paper: Paper; contentHash: string; textHash: string }>,
  ): Promise<void> {
    this.putNow(entries);
  }

  putNow(
    entries: ReadonlyArray<{ label: number; paper: Paper; contentHash: string; textHash: string }>,
  ): void {
    const insert = this.db.sql(
      `INSERT OR REPLACE INTO papers (label, id, title, abstract, authors, categories, published, url,
         doi, arxiv_id, venue, keywords, title_key, content_hash, text_hash)
       VALUES (@label, @id, @title, @abstract, @authors, @categories, @published, @url,
         @doi, @arxivId, @venue, @keywords, @titleKey, @contentHash, @textHash)`,
    );
    this.db.transaction(() => {
      for (const { label, paper, contentHash, textHash } of entries) {
        insert.run({
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
          titleKey: normalizeTitleKey(paper.title),
          contentHash,
          textHash,
        });
      }
    });
  }

  async remove(labels: readonly number[]): Promise<void> {
    const remove = this.db.sql('DELETE FROM papers WHERE label = ?');
    this.db.transaction(() => {
      for (const label of labels) remove.run(label);
    });
  }

  async *documents(
    pageSize: number,
  ): AsyncIterable<Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>> {
    let after = -1;
    for (;;) {
      const rows = this.db
        .sql('SELECT label, title, abstract FROM papers WHERE label > ? ORDER BY label LIMIT ?')
        .all(after, pageSize) as Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].label;
      yield rows;
    }
  }

  async checksum(): Promise<string> {
    const hash = createHash('sha256');
    const rows = this.db.sql('SELECT id, content_hash FROM papers ORDER BY label').iterate() as Iterable<{
      id: string;
      content_hash: string;
    }>;
    for (const row of rows) hash.update(`${row.id}\0${row.content_hash}\n`);
    return hash.digest('hex');
  }

  /** Every paper's filter facts, in label order (building the in-memory facet index). */
  *facets(): Iterable<FacetRow> {
    const stmt = this.db.sql('SELECT label, published, categories, authors FROM papers ORDER BY label');
    for (const row of stmt.iterate() as Iterable<Pick<PaperRow, 'label' | 'published' | 'categories' | 'authors'>>) {
      yield {
        label: row.label,
        published: row.published,
        categories: JSON.parse(row.categories),
        authors: JSON.parse(row.authors),
      };
    }
  }

  getMeta(key: string): Buffer | null {
    const row = this.db.sql('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: Buffer }
      | undefined;
    return row ? Buffer.from(row.value) : null;
  }

  setMeta(key: string, value: Buffer): void {
    this.db.sql('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
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
    textHash: row.text_hash,
  };
}

