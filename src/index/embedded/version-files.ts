import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ManifestError,
  parseManifest,
  serializeManifest,
  type IndexManifest,
} from '../manifest.js';

/** The files of one embedded index version directory. */
export const MANIFEST_FILE = 'manifest.json';
export const RECORDS_FILE = 'papers.sqlite';
/** An update's changed records over the (shared, read-only) records file of its base. */
export const DELTA_RECORDS_FILE = 'papers.delta.sqlite';
export const GRAPH_FILE = 'vectors.hnsw';
export const EXACT_VECTORS_FILE = 'vectors.f32';
export const TEXT_DIR = 'text';

export async function writeManifest(dir: string, manifest: IndexManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), serializeManifest(manifest));
}

export async function readManifest(dir: string): Promise<IndexManifest> {
  let raw: string;
  try {
    raw = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new ManifestError(`no ${MANIFEST_FILE} in index directory ${dir}: is it a built index?`);
  }
  return parseManifest(raw, dir);
}

/** The vector file a version keeps for its search kind. */
export function vectorsFile(dir: string, search: 'exact' | 'hnsw'): string {
  return join(dir, search === 'hnsw' ? GRAPH_FILE : EXACT_VECTORS_FILE);
}

/** The folder of a version's text index segments. */
export function textDir(dir: string): string {
  return join(dir, TEXT_DIR);
}
