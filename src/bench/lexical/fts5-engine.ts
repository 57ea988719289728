import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contentHash } from '../../corpus/paper.js';
import { SqlitePaperStore } from '../../index/sqlite-paper-store.js';
import { BM25_WEIGHTS } from '../../search/lexical-search.js';
import { ftsQuery } from '../../search/lexical-query.js';
import type { TextTerm } from '../../index/text-index.js';
import type { BenchQuery } from './bench-query.js';
import type { LabelledPaper, LexicalEngine } from './engine.js';

const FILE = 'papers.sqlite';
const BATCH = 5000;
/** Free-text terms in more than this share of papers are left out by the pruned variant. */
export const PRUNE_DF_SHARE = 0.05;

/**
 * SQLite FTS5 as the service uses it: the paper store written paper by paper as ingest writes
 * it, queried with the OR of the searched terms and bm25() with title weight 2. `pruned`
 * searches fewer terms: free text without its most common words (keeping the rarest), and
 * "more like this" within the service's postings budget.
 */
export class Fts5Engine implements LexicalEngine {
  private store: SqlitePaperStore | null = null;
  private file = '';
  private readonly frequencies = new Map<string, number>();

  constructor(private readonly pruned: boolean) {}

  async build(papers: AsyncIterable<LabelledPaper>, dir: string): Promise<void> {
    const store = SqlitePaperStore.open(join(dir, FILE));
    let batch: LabelledPaper[] = [];
    const flush = () => {
      store.transaction(() => {
        for (const { label, paper } of batch) store.putPaper(label, paper, contentHash(paper));
      });
      batch = [];
    };
    for await (const paper of papers) {
      batch.push(paper);
      if (batch.length >= BATCH) flush();
    }
    flush();
    store.seal();
    store.close();
  }

  async open(dir: string): Promise<void> {
    this.file = join(dir, FILE);
    this.store = SqlitePaperStore.open(this.file, { readonly: true });
  }

  search(query: BenchQuery, k: number): number[] {
    const store = this.opened();
    const terms = this.pruned ? this.prune(query) : query.terms;
    const match = ftsQuery({ terms, searched: terms.length });
    if (match === null) return [];
    const exclude = query.source === null ? 0 : 1;
    return store
      .matchText(match, { limit: k + exclude, weights: BM25_WEIGHTS })
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
    this.store?.close();
  }

  private prune(query: BenchQuery): TextTerm[] {
    if (query.kind === 'like') return query.budgeted;
    const papers = this.opened().count;
    const kept = query.terms.filter((t) => this.frequency(t.word) <= PRUNE_DF_SHARE * papers);
    if (kept.length > 0) return kept;
    const rarest = [...query.terms].sort((a, b) => this.frequency(a.word) - this.frequency(b.word));
    return rarest.slice(0, 1);
  }

  private frequency(word: string): number {
    let df = this.frequencies.get(word);
    if (df === undefined) {
      df = this.opened().countTextMatches(
        ftsQuery({ terms: [{ word, stem: word, weight: 1 }], searched: 1 }) as string,
      );
      this.frequencies.set(word, df);
    }
    return df;
  }

  private opened(): SqlitePaperStore {
    if (!this.store) throw new Error('FTS5 engine used before open');
    return this.store;
  }
}
