import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type * as Arrow from 'apache-arrow';
import { directoryBytes } from '../disk.js';
import type { BenchQuery } from './bench-query.js';
import type { LabelledPaper, LexicalEngine } from './engine.js';

// LanceDB checks Arrow objects against its own CommonJS copy of apache-arrow.
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;

const TABLE = 'papers';
const BATCH_ROWS = 50_000;
const COLUMNS = ['title', 'abstract'];
const BOOSTS = [2, 1];
/** A fresh index definition per column: LanceDB consumes each one. */
const fullTextIndex = () =>
  lancedb.Index.fts({
    stem: true,
    removeStopWords: true,
    lowercase: true,
    asciiFolding: true,
    withPosition: false,
    language: 'English',
  });

/**
 * LanceDB's native full-text index (BM25, one inverted index per column): free text is a
 * multi-match over title and abstract with the title boosted twice (a sum of two per-column
 * BM25 scores, not FTS5's one score over weighted hits); "more like this" is a boolean
 * should-query of every term in both columns, each boosted by its weight.
 */
export class LanceDbEngine implements LexicalEngine {
  private table: lancedb.Table | null = null;
  private dir = '';

  async build(papers: AsyncIterable<LabelledPaper>, dir: string): Promise<void> {
    const db = await lancedb.connect(dir);
    let table: lancedb.Table | null = null;
    let rows: LabelledPaper[] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      const batch = recordBatch(rows);
      if (table) await table.add(new arrow.Table([batch]));
      else table = await db.createTable(TABLE, new arrow.Table([batch]), { mode: 'overwrite' });
      rows = [];
    };
    for await (const paper of papers) {
      rows.push(paper);
      if (rows.length >= BATCH_ROWS) await flush();
    }
    await flush();
    if (!table) throw new Error('no papers to index');
    const built = table as lancedb.Table;
    for (const column of COLUMNS) await built.createIndex(column, { config: fullTextIndex() });
  }

  /** The full-text indexes' files, without the table's data. */
  indexBytes(): number {
    return directoryBytes(join(this.dir, `${TABLE}.lance`, '_indices'));
  }

  async open(dir: string): Promise<void> {
    this.dir = dir;
    const db = await lancedb.connect(dir);
    this.table = await db.openTable(TABLE);
  }

  async search(query: BenchQuery, k: number): Promise<number[]> {
    if (!this.table) throw new Error('LanceDB engine used before open');
    const search = this.table.search(fullTextQuery(query), 'fts');
    const filtered = query.source === null ? search : search.where(`label != ${query.source}`);
    const rows = (await filtered.select(['label', '_score']).limit(k).toArray()) as Array<{
      label: number;
    }>;
    return rows.map((row) => row.label);
  }

  async close(): Promise<void> {
    this.table?.close();
  }
}

function fullTextQuery(query: BenchQuery): lancedb.FullTextQuery {
  if (query.kind === 'text') {
    return new lancedb.MultiMatchQuery(query.terms.map((t) => t.word).join(' '), COLUMNS, {
      boosts: BOOSTS,
    });
  }
  return new lancedb.BooleanQuery(
    query.terms.flatMap((term) =>
      COLUMNS.map(
        (column, i) =>
          [
            lancedb.Occur.Should,
            new lancedb.MatchQuery(term.word, column, { boost: term.weight * BOOSTS[i] }),
          ] as [lancedb.Occur, lancedb.FullTextQuery],
      ),
    ),
  );
}

/** Plain UTF-8 columns: LanceDB indexes no dictionary-encoded strings. */
function recordBatch(rows: LabelledPaper[]): Arrow.RecordBatch {
  const text = (values: string[]) => arrow.vectorFromArray(values, new arrow.Utf8());
  return new arrow.Table({
    label: arrow.vectorFromArray(Int32Array.from(rows, (r) => r.label)),
    title: text(rows.map((r) => r.paper.title)),
    abstract: text(rows.map((r) => r.paper.abstract)),
  }).batches[0];
}
