import type { IndexVersion } from '../backend.js';
import type { IndexManifest } from '../manifest.js';
import type { Database } from './connection.js';
import type { VersionRow } from './lifecycle.js';
import { readMeta } from './meta.js';
import { versionName, type IndexNames } from './names.js';
import { PostgresRecords } from './records.js';
import type { TextEngine } from './schema.js';
import { PostingsTextIndex } from './postings-search.js';
import { PostgresTextIndex } from './text-search.js';
import type { TextIndex } from '../text-index.js';
import { PostgresVectorIndex } from './vector-search.js';

export interface VersionSettings {
  textEngine: TextEngine;
  maxScanTuples: number;
  /** Overrides the version's own search breadth. */
  efSearch?: number;
}

/**
 * A published version read through plain queries on the shared pool: opening one costs a
 * row read, not a load, and any number of servers read the same rows.
 */
export class PostgresIndexVersion implements IndexVersion {
  readonly name: string;
  readonly manifest: IndexManifest;
  readonly records: CountedRecords;
  readonly vectors: PostgresVectorIndex;
  readonly text: TextIndex;
  private readonly version: number;

  constructor(
    private readonly db: Database,
    private readonly names: IndexNames,
    row: VersionRow & { manifest: IndexManifest },
    settings: VersionSettings,
  ) {
    this.name = versionName(row.version);
    this.version = row.version;
    this.manifest = row.manifest;
    const table = names.rows(row.generation);
    this.records = new CountedRecords(db, table, row.version);
    this.vectors = new PostgresVectorIndex(db, table, row.version, {
      dims: row.spec?.dims ?? row.manifest.embedder.dims,
      search: row.spec?.search ?? row.manifest.search,
      efSearch: settings.efSearch ?? row.spec?.hnsw.efSearch ?? row.manifest.hnsw.efSearch,
      maxScanTuples: settings.maxScanTuples,
    });
    this.text =
      settings.textEngine === 'postings'
        ? new PostingsTextIndex(db, names, row.generation, row.version)
        : new PostgresTextIndex(db, names, row.generation, row.version, settings.textEngine);
  }

  meta(key: string): Promise<Buffer | null> {
    return readMeta(this.db, this.names, this.version, key);
  }

  /** The pool belongs to the backend; a version holds nothing of its own. */
  async close(): Promise<void> {}
}

/** A published version's papers; the count never changes, so it is read once. */
class CountedRecords extends PostgresRecords {
  private counted: number | null = null;

  override async count(): Promise<number> {
    this.counted ??= await super.count();
    return this.counted;
  }
}
