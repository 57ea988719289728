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

/** The schema name a delta's base file is attached under. */
const BASE_SCHEMA = 'base';
/** A delta's own table beside `papers`: the base labels it replaced or removed. */
const DELTA_SCHEMA = `
CREATE TABLE IF NOT EXISTS hidden (label INTEGER PRIMARY KEY);
`;
/** A base row counts unless the delta hides its label. */
const BASE_VISIBLE = 'NOT EXISTS (SELECT 1 FROM main.hidden h WHERE h.label = p.label)';

/** One part of the papers a store holds: a table and the rows of it that count. */
interface Layer {
  table: string;
  visible: string;
}

/**
 * The records of one embedded index version: papers by id, reference and label, and metadata.
 * Either one file, or (after an update) a delta file over a read-only base file: the delta
 * holds the papers put since the base and hides the base labels it replaced or removed.
 */
export class SqliteRecords implements RecordWriter {
  /** Counted once when read-only: a published version never changes, and counting scans it. */
  private readOnlyCount: number | null = null;
  private readonly layers: Layer[];
  /** Labels put or removed through a delta's connection (what an update changed). */
  readonly touched = new Set<number>();

  private constructor(
    readonly db: SqliteDatabase,
    readonly layered: boolean,
  ) {
    this.layers = [{ table: 'main.papers', visible: '1' }];
    if (layered) this.layers.push({ table: `${BASE_SCHEMA}.papers`, visible: BASE_VISIBLE });
  }

  /**
   * Opens a records file; with `base`, the file is a delta over that (read-only) base file.
   * A writable delta is created when missing.
   */
  static open(file: string, options: { readonly?: boolean; base?: string } = {}): SqliteRecords {
    const db = SqliteDatabase.open(file, options);
    try {
      if (!db.readonly) db.handle.exec(SCHEMA);
      if (options.base) attachBase(db, options.base);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteRecords(db, options.base !== undefined);
  }

  async count(): Promise<number> {
    return this.countNow();
  }

  countNow(): number {
    if (this.readOnlyCount !== null) return this.readOnlyCount;
    const n = this.layered ? this.layeredCount() : this.rowCount('main.papers');
    if (this.db.readonly) this.readOnlyCount = n;
    return n;
  }

  /** Delta rows plus the base's, less the base rows the delta hides. */
  private layeredCount(): number {
    const { n } = this.db
      .sql(
        `SELECT count(*) AS n FROM main.hidden h WHERE EXISTS (SELECT 1 FROM ${BASE_SCHEMA}.papers p WHERE p.label = h.label)`,
      )
      .get() as { n: number };
    return this.rowCount('main.papers') + this.rowCount(`${BASE_SCHEMA}.papers`) - n;
  }

  private rowCount(table: string): number {
    return (this.db.sql(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Rows of the delta against the base's: how far the delta has grown (merge when large). */
  deltaShare(): number {
    if (!this.layered) return 0;
    const changed = this.rowCount('main.papers') + this.rowCount('main.hidden');
    return changed / Math.max(1, this.rowCount(`${BASE_SCHEMA}.papers`));
  }

  /** One query over every layer, each arm filtered to its visible rows (`p` names the row). */
  private union(arm: (from: string, visible: string) => string): string {
    return this.layers.map(({ table, visible }) => arm(`${table} p`, visible)).join(' UNION ALL ');
  }

  /** One past the highest label in use (0 when empty): where fresh labels start. */
  nextLabel(): number {
    const row = this.db
      .sql(
        `SELECT max(m) AS m FROM (${this.union((from) => `SELECT max(p.label) AS m FROM ${from}`)})`,
      )
      .get() as { m: number | null };
    return (row.m ?? -1) + 1;
  }

  async find(ref: PaperRef): Promise<StoredPaper | null> {
    return this.findNow(ref);
  }

  findNow(ref: PaperRef): StoredPaper | null {
    const [where, value] =
      'id' in ref
        ? ['p.id = ?', ref.id]
        : 'doi' in ref
          ? ['lower(p.doi) = lower(?)', ref.doi]
          : 'arxivId' in ref
            ? ['p.arxiv_id = ?', ref.arxivId]
            : ['p.title_key = ?', normalizeTitleKey(ref.title)];
    const query = this.union(
      (from, visible) => `SELECT p.* FROM ${from} WHERE ${where} AND ${visible}`,
    );
    const values = this.layers.map(() => value);
    const row = this.db.sql(`${query} ORDER BY label LIMIT 1`).get(...values) as
      PaperRow | undefined;
    return row ? fromRow(row) : null;
  }

  async byLabels(labels: readonly number[]): Promise<StoredPaper[]> {
    if (labels.length === 0) return [];
    const query = this.union(
      (from, visible) =>
        `SELECT j.key AS position, p.* FROM json_each(?) AS j JOIN ${from} ON p.label = j.value WHERE ${visible}`,
    );
    const json = JSON.stringify(labels);
    const rows = this.db
      .sql(`${query} ORDER BY position`)
      .all(...this.layers.map(() => json)) as PaperRow[];
    return rows.map(fromRow);
  }

  /** Rows of every layer in label order (the layers' label orders merged, not sorted). */
  private ordered(columns: string): Iterable<unknown> {
    const query = this.union((from, visible) => `SELECT ${columns} FROM ${from} WHERE ${visible}`);
    return this.db.sql(`${query} ORDER BY label`).iterate();
  }

  async *identities(): AsyncIterable<PaperIdentity> {
    yield* this.ordered(
      'p.label AS label, p.id AS id, p.content_hash AS contentHash, p.text_hash AS textHash',
    ) as Iterable<PaperIdentity>;
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
      `INSERT OR REPLACE INTO main.papers (label, id, title, abstract, authors, categories, published, url,
         doi, arxiv_id, venue, keywords, title_key, content_hash, text_hash)
       VALUES (@label, @id, @title, @abstract, @authors, @categories, @published, @url,
         @doi, @arxivId, @venue, @keywords, @titleKey, @contentHash, @textHash)`,
    );
    this.db.transaction(() => {
      for (const { label, paper, contentHash, textHash } of entries) {
        // The base's row of this label, or of this id under another label, is replaced.
        if (this.layered) this.hideInBase(label, paper.id);
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

  private hideInBase(label: number, id: string | null): void {
    this.touched.add(label);
    this.db.sql('INSERT OR IGNORE INTO main.hidden (label) VALUES (?)').run(label);
    if (id === null) return;
    this.db
      .sql(
        `INSERT OR IGNORE INTO main.hidden (label) SELECT label FROM ${BASE_SCHEMA}.papers WHERE id = ?`,
      )
      .run(id);
  }

  async remove(labels: readonly number[]): Promise<void> {
    const remove = this.db.sql('DELETE FROM main.papers WHERE label = ?');
    this.db.transaction(() => {
      for (const label of labels) {
        remove.run(label);
        if (this.layered) this.hideInBase(label, null);
      }
    });
  }

  async *documents(
    pageSize: number,
  ): AsyncIterable<Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>> {
    let after = -1;
    for (;;) {
      const query = this.union(
        (from, visible) =>
          `SELECT * FROM (SELECT p.label, p.title, p.abstract FROM ${from} WHERE p.label > ? AND ${visible} ORDER BY p.label LIMIT ?)`,
      );
      const values = this.layers.flatMap(() => [after, pageSize]);
      const rows = this.db.sql(`${query} ORDER BY label LIMIT ?`).all(...values, pageSize) as Array<
        Pick<StoredPaper, 'label' | 'title' | 'abstract'>
      >;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].label;
      yield rows;
    }
  }

  async checksum(): Promise<string> {
    const hash = createHash('sha256');
    const rows = this.ordered(
      'p.label AS label, p.id AS id, p.content_hash AS content_hash',
    ) as Iterable<{
      id: string;
      content_hash: string;
    }>;
    for (const row of rows) hash.update(`${row.id}\0${row.content_hash}\n`);
    return hash.digest('hex');
  }

  /** Every paper's filter facts, in label order (building the in-memory facet index). */
  *facets(): Iterable<FacetRow> {
    const rows = this.ordered(
      'p.label AS label, p.published AS published, p.categories AS categories, p.authors AS authors',
    ) as Iterable<Pick<PaperRow, 'label' | 'published' | 'categories' | 'authors'>>;
    for (const row of rows) yield facetRow(row);
  }

  /** The filter facts of the labels held (unknown labels are left out). */
  async facetsOf(labels: readonly number[]): Promise<FacetRow[]> {
    return (await this.byLabels(labels)).map(facetRow);
  }

  getMeta(key: string): Buffer | null {
    // The delta's value wins over the base's.
    const query = this.layered
      ? `SELECT value FROM main.meta WHERE key = ? UNION ALL SELECT value FROM ${BASE_SCHEMA}.meta WHERE key = ? LIMIT 1`
      : 'SELECT value FROM main.meta WHERE key = ?';
    const row = this.db.sql(query).get(...(this.layered ? [key, key] : [key])) as
      { value: Buffer } | undefined;
    return row ? Buffer.from(row.value) : null;
  }

  setMeta(key: string, value: Buffer): void {
    this.db.sql('INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)').run(key, value);
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Attaches the base file a delta sits on. The connection could write to it, so temporary
 * triggers refuse every write: the base belongs to published versions too.
 */
function attachBase(db: SqliteDatabase, baseFile: string): void {
  db.handle.prepare(`ATTACH DATABASE ? AS ${BASE_SCHEMA}`).run(baseFile);
  if (db.readonly) return;
  db.handle.exec(DELTA_SCHEMA);
  for (const table of ['papers', 'meta']) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.handle.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS ${BASE_SCHEMA}_${table}_${event.toLowerCase()} BEFORE ${event} ON ${BASE_SCHEMA}.${table}
         BEGIN SELECT RAISE(ABORT, 'the base records file is read-only'); END`,
      );
    }
  }
}

function facetRow(
  row: Pick<PaperRow, 'label' | 'published' | 'categories' | 'authors'> | StoredPaper,
): FacetRow {
  const parse = (value: string | string[]) =>
    typeof value === 'string' ? JSON.parse(value) : value;
  return {
    label: row.label,
    published: row.published,
    categories: parse(row.categories),
    authors: parse(row.authors),
  };
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
