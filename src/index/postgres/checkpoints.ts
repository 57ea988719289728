import type { CheckpointStore } from '../checkpoint-store.js';
import { decodeVector, encodeVector } from '../vector-codec.js';
import type { Database } from './connection.js';
import type { IndexNames } from './names.js';

/** Embeddings by (embedder fingerprint, text hash), kept across builds of the index. */
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(
    private readonly db: Database,
    private readonly names: IndexNames,
    private readonly fingerprint: string,
    private readonly dims: number,
  ) {}

  async get(textHashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    if (textHashes.length === 0) return found;
    const rows = await this.db.query<{ text_hash: string; vector: Buffer }>(
      `SELECT text_hash, vector FROM ${this.names.table('checkpoints')} WHERE fingerprint = $1 AND text_hash = ANY($2::text[])`,
      [this.fingerprint, textHashes],
    );
    for (const row of rows) found.set(row.text_hash, decodeVector(row.vector, this.dims));
    return found;
  }

  /** One statement: the window lands whole or not at all. */
  async put(entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>): Promise<void> {
    if (entries.length === 0) return;
    // One row per hash (the last wins): an upsert may not touch a row twice.
    const byHash = new Map<string, Float32Array>();
    for (const { textHash, vector } of entries) {
      if (vector.length !== this.dims) {
        throw new RangeError(
          `checkpoint vector has ${vector.length} dimensions, expected ${this.dims}`,
        );
      }
      byHash.set(textHash, vector);
    }
    await this.db.query(
      `INSERT INTO ${this.names.table('checkpoints')} (fingerprint, text_hash, vector)
       SELECT $1, h, v FROM unnest($2::text[], $3::bytea[]) AS e(h, v)
       ON CONFLICT (fingerprint, text_hash) DO UPDATE SET vector = EXCLUDED.vector`,
      [this.fingerprint, [...byHash.keys()], [...byHash.values()].map(encodeVector)],
    );
  }

  async close(): Promise<void> {}
}
