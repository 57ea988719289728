import type { CheckpointStore } from '../checkpoint-store.js';
import { decodeVector, encodeVector } from '../vector-codec.js';
import { SqliteDatabase } from './sqlite-database.js';

export const CHECKPOINTS_FILE = 'checkpoints.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS embeddings (
  fingerprint TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (fingerprint, text_hash)
) WITHOUT ROWID;
`;

/**
 * Embeddings of every build under an index root, in one SQLite file beside the versions:
 * written a window at a time as a build goes, so a killed job resumes, and read by later
 * builds with the same embedder.
 */
export class SqliteCheckpoints implements CheckpointStore {
  private constructor(
    private readonly db: SqliteDatabase,
    private readonly fingerprint: string,
    private readonly dims: number,
  ) {}

  static open(file: string, fingerprint: string, dims: number): SqliteCheckpoints {
    const db = SqliteDatabase.open(file);
    db.handle.exec(SCHEMA);
    return new SqliteCheckpoints(db, fingerprint, dims);
  }

  async get(textHashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    if (textHashes.length === 0) return found;
    const rows = this.db
      .sql(
        `SELECT e.text_hash AS hash, e.vector AS vector FROM json_each(?) AS j
         JOIN embeddings e ON e.fingerprint = ? AND e.text_hash = j.value`,
      )
      .all(JSON.stringify(textHashes), this.fingerprint) as Array<{ hash: string; vector: Buffer }>;
    for (const row of rows) found.set(row.hash, decodeVector(row.vector, this.dims));
    return found;
  }

  async put(entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>): Promise<void> {
    const insert = this.db.sql(
      'INSERT OR REPLACE INTO embeddings (fingerprint, text_hash, vector) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { textHash, vector } of entries)
        insert.run(this.fingerprint, textHash, encodeVector(vector));
    });
  }

  /**
   * Drops embeddings that no kept version uses: `used` lists, per kept version, its embedder
   * fingerprint and its records file, whose text hashes are kept.
   */
  prune(used: ReadonlyArray<{ fingerprint: string; recordsFile: string }>): number {
    const { handle } = this.db;
    const keep = used.map(({ fingerprint, recordsFile }, i) => {
      handle.prepare(`ATTACH DATABASE ? AS kept${i}`).run(recordsFile);
      return `(embeddings.fingerprint = ${quote(fingerprint)} AND EXISTS (SELECT 1 FROM kept${i}.papers p WHERE p.text_hash = embeddings.text_hash))`;
    });
    try {
      const where = keep.length > 0 ? `NOT (${keep.join(' OR ')})` : '1';
      return handle.prepare(`DELETE FROM embeddings WHERE ${where}`).run().changes;
    } finally {
      used.forEach((_, i) => handle.prepare(`DETACH DATABASE kept${i}`).run());
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
