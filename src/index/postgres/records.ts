import { createHash } from 'node:crypto';
import { normalizeTitleKey } from '../../corpus/paper.js';
import type { PaperIdentity, PaperRef, RecordStore, StoredPaper } from '../record-store.js';
import type { Queryable } from './connection.js';
import { visibleAt } from './row-versions.js';
import { RECORD_PART, RECORD_SELECT, storedPaper, type RecordRow } from './rows.js';

/** Rows a page of a label-order scan reads at a time. */
const SCAN_PAGE = 5000;

/** The papers one version sees (a published version, or a build's own view while it runs). */
export class PostgresRecords implements RecordStore {
  constructor(
    protected readonly db: Queryable,
    protected readonly table: string,
    protected readonly version: number,
  ) {}

  protected get visible(): string {
    return `${visibleAt('$1')} AND ${RECORD_PART.present}`;
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE ${this.visible}`,
      [this.version],
    );
    return rows[0].n;
  }

  async find(ref: PaperRef): Promise<StoredPaper | null> {
    const [condition, value] = refCondition(ref);
    const rows = await this.db.query<RecordRow>(
      `SELECT ${RECORD_SELECT} FROM ${this.table} WHERE ${this.visible} AND ${condition} ORDER BY label LIMIT 1`,
      [this.version, value],
    );
    return rows.length ? storedPaper(rows[0]) : null;
  }

  async byLabels(labels: readonly number[]): Promise<StoredPaper[]> {
    if (labels.length === 0) return [];
    const rows = await this.db.query<RecordRow>(
      `SELECT ${RECORD_SELECT.split(', ')
        .map((c) => `r.${c}`)
        .join(', ')}
       FROM unnest($2::int[]) WITH ORDINALITY AS l(label, n)
       JOIN ${this.table} r ON r.label = l.label AND r.valid_from <= $1 AND r.valid_to > $1 AND r.id IS NOT NULL
       ORDER BY l.n`,
      [this.version, labels],
    );
    return rows.map(storedPaper);
  }

  /** Every paper's label and hashes, in label order. */
  async *identities(): AsyncIterable<PaperIdentity> {
    for await (const page of this.pages<{
      label: number;
      id: string;
      content_hash: string;
      text_hash: string;
    }>('label, id, content_hash, text_hash', SCAN_PAGE)) {
      for (const row of page) {
        yield {
          label: row.label,
          id: row.id,
          contentHash: row.content_hash,
          textHash: row.text_hash,
        };
      }
    }
  }

  async *documents(
    pageSize: number,
  ): AsyncIterable<Array<Pick<StoredPaper, 'label' | 'title' | 'abstract'>>> {
    yield* this.pages<{ label: number; title: string; abstract: string }>(
      'label, title, abstract',
      pageSize,
    );
  }

  /** Same digest as the embedded store's: id and content hash of each paper in label order. */
  async checksum(): Promise<string> {
    const hash = createHash('sha256');
    for await (const { id, contentHash } of this.identities())
      hash.update(`${id}\0${contentHash}\n`);
    return hash.digest('hex');
  }

  /** Keyset pages in label order: each page is one short query, however large the corpus. */
  private async *pages<T extends { label: number }>(
    columns: string,
    pageSize: number,
  ): AsyncIterable<T[]> {
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new RangeError(`page size must be a positive integer, got ${pageSize}`);
    let after = -1;
    for (;;) {
      const rows = await this.db.query<T>(
        `SELECT ${columns} FROM ${this.table} WHERE ${this.visible} AND label > $2 ORDER BY label LIMIT $3`,
        [this.version, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].label;
    }
  }
}

/** How each kind of reference is looked up; DOIs compare in any case, titles normalised. */
function refCondition(ref: PaperRef): [string, string] {
  if ('id' in ref) return ['id = $2', ref.id];
  if ('doi' in ref) return ['lower(doi) = lower($2) AND doi IS NOT NULL', ref.doi];
  if ('arxivId' in ref) return ['arxiv_id = $2 AND arxiv_id IS NOT NULL', ref.arxivId];
  return ['title_key = $2', normalizeTitleKey(ref.title)];
}
