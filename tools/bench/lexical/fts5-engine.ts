import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FacetIndex } from '../../../src/index/embedded/facet-index.js';
import { SqliteDatabase } from '../../../src/index/embedded/sqlite-database.js';
import type { TextTerm } from '../../../src/index/text-index.js';
import { Fts5TextIndex, Fts5TextWriter, ftsQuery } from './fts5-text-index.js';
import type { BenchQuery } from './bench-query.js';
import type { LabelledPaper, LexicalEngine } from './engine.js';

const FILE = 'papers.sqlite';
const BATCH = 5000;
/** Free-text terms in more than this share of papers are left out by the pruned variant. */
export const PRUNE_DF_SHARE = 0.05;

/**
 * SQLite FTS5 as the service used it: titles and abstracts written paper by paper as ingest
 * wrote them, queried with the OR of the searched terms and bm25() with title weight 2.
 * `pruned` searches fewer terms: free text without its most common words (keeping the
 * rarest), and "more like this" within the service's former postings budget.
 */
export class Fts5Engine implements LexicalEngine {
  private db: SqliteDatabase | null = null;
  private index: Fts5TextIndex | null = null;
  private file = '';
  private papers = 0;

  constructor(private readonly pruned: boolean) {}

  async build(papers: AsyncIterable<LabelledPaper>, dir: string): Promise<void> {
    const db = SqliteDatabase.open(join(dir, FILE));
    const writer = new Fts5TextWriter(db);
    let batch: LabelledPaper[] = [];
    const flush = async () => {
      await writer.put(batch.map(({ label, paper }) => ({ label, ...paper })));
      batch = [];
    };
    for await (const paper of papers) {
      batch.push(paper);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    writer.optimize();
    db.seal();
    db.close();
  }

  async open(dir: string): Promise<void> {
    this.file = join(dir, FILE);
    this.db = SqliteDatabase.open(this.file, { readonly: true });
    this.index = new Fts5TextIndex(this.db, FacetIndex.build([]), 0);
    this.papers = (await this.index.statistics()).documents;
  }

  search(query: BenchQuery, k: number): number[] {
    const index = this.opened();
    const terms = this.pruned ? this.prune(query) : query.terms;
    const match = ftsQuery(terms);
    if (match === null) return [];
    const exclude = query.source === null ? 0 : 1;
    return index
      .match(match, k + exclude)
      .map((m) => m.label)
      .filter((label) => label !== query.source)
      .slice(0, k);
  }

  /** The FTS5 tables' pages (dbstat), without the papers table beside them. */
  indexBytes(): number {
    const db = new Database(this.file, { readonly: true });
    try {
      const row = db
        .prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'papers_fts_%'")
        .get() as { bytes: number | null };
      return row.bytes ?? 0;
    } finally {
      db.close();
    }
  }

  async close(): Promise<void> {
    this.db?.close();
  }

  private prune(query: BenchQuery): TextTerm[] {
    if (query.kind === 'like') return query.budgeted;
    const kept = query.terms.filter((t) => this.frequency(t) <= PRUNE_DF_SHARE * this.papers);
    if (kept.length > 0) return kept;
    const rarest = [...query.terms].sort((a, b) => this.frequency(a) - this.frequency(b));
    return rarest.slice(0, 1);
  }

  private frequency(term: TextTerm): number {
    return this.opened().documentFrequenciesNow([term])[0];
  }

  private opened(): Fts5TextIndex {
    if (!this.index) throw new Error('FTS5 engine used before open');
    return this.index;
  }
}
