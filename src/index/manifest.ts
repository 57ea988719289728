import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbedderSpec } from '../embed/embedder.js';
import type { HnswParams } from './hnsw-params.js';

export const MANIFEST_FILE = 'manifest.json';
export const VECTORS_FILE = 'vectors.hnsw';
export const STORE_FILE = 'papers.sqlite';
export const FORMAT_VERSION = 1;

/** Describes one built index version; loading checks it before trusting any file. */
export interface IndexManifest {
  formatVersion: number;
  embedder: { id: string; fingerprint: string; dims: number; spec: EmbedderSpec };
  count: number;
  /** 'exact' for small indexes (no graph file), 'hnsw' otherwise. */
  search: 'exact' | 'hnsw';
  hnsw: HnswParams;
  corpus: { checksum: string; files: string[] };
  builtAt: string;
  buildSeconds: number;
  /** Last change-log sequence merged into this version; later API writes are replayed on load. */
  changesThrough?: number;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export async function writeManifest(dir: string, manifest: IndexManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  let raw: string;
  try {
    raw = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new ManifestError(`no ${MANIFEST_FILE} in index directory ${dir}: is it a built index?`);
  }
  const manifest = JSON.parse(raw) as IndexManifest;
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new ManifestError(
      `index ${dir} has format version ${manifest.formatVersion}; this build reads ${FORMAT_VERSION}. Re-run ingest.`,
    );
  }
  return manifest;
}

/** Refuses an embedder whose vectors would not match the ones in the index. */
export function assertEmbedderMatches(
  manifest: IndexManifest,
  embedder: { id: string; dims: number; fingerprint(): string },
): void {
  const expected = manifest.embedder;
  if (embedder.dims !== expected.dims || embedder.fingerprint() !== expected.fingerprint) {
    throw new ManifestError(
      `embedder mismatch: index was built with ${expected.id} (dims ${expected.dims}, fingerprint ` +
        `${expected.fingerprint.slice(0, 12)}), but the loaded embedder is ${embedder.id} (dims ` +
        `${embedder.dims}, fingerprint ${embedder.fingerprint().slice(0, 12)}). Re-index or load the original model.`,
    );
  }
}
