import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listBuilding, listVersions, resolvePublished } from '../index/index-root.js';
import { STORE_FILE } from '../index/manifest.js';
import { SqlitePaperStore } from '../index/sqlite-paper-store.js';

export const EMBEDDER_META_KEY = 'embedder-fingerprint';

/**
 * Embeddings already computed by earlier builds with the same embedder: the published and
 * kept versions (re-indexing a mostly unchanged corpus), builds that were killed (resume),
 * and a complete version whose job was killed between sealing it and publishing it.
 */
export class EmbeddingCache {
  private constructor(private readonly sources: SqlitePaperStore[]) {}

  static async open(root: string, fingerprint: string, exclude: string): Promise<EmbeddingCache> {
    // Killed builds left their store mid-WAL: open those writable so SQLite can recover it.
    const dirs = (await listBuilding(root)).map((name) => ({
      dir: join(root, name),
      readonly: false,
    }));
    const published = await resolvePublished(root);
    if (published) dirs.push({ dir: published, readonly: true });
    for (const name of await listVersions(root)) {
      const dir = join(root, name);
      if (dir !== published) dirs.push({ dir, readonly: true });
    }
    const sources: SqlitePaperStore[] = [];
    for (const { dir, readonly } of dirs) {
      const file = join(dir, STORE_FILE);
      if (dir === exclude || !existsSync(file)) continue;
      const store = openQuietly(file, readonly);
      if (store && store.getMeta(EMBEDDER_META_KEY)?.toString() === fingerprint)
        sources.push(store);
      else store?.close();
    }
    return new EmbeddingCache(sources);
  }

  get sourceCount(): number {
    return this.sources.length;
  }

  get(contentHash: string, dims: number): Float32Array | null {
    for (const source of this.sources) {
      const vector = source.getEmbedding(contentHash, dims);
      if (vector) return vector;
    }
    return null;
  }

  close(): void {
    for (const source of this.sources) source.close();
  }
}

/** A killed build can leave a store that does not open; it is simply not a source. */
function openQuietly(file: string, readonly: boolean): SqlitePaperStore | null {
  try {
    return SqlitePaperStore.open(file, { readonly });
  } catch {
    return null;
  }
}
