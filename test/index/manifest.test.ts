import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from '../../src/index/embedded/version-files.js';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import {
  assertEmbedderMatches,
  FORMAT_VERSION,
  parseManifest,
  serializeManifest,
  type IndexManifest,
} from '../../src/index/manifest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const manifest: IndexManifest = {
  formatVersion: FORMAT_VERSION,
  embedder: { id: 'lexical:abc', fingerprint: 'f'.repeat(64), dims: 8, spec: { kind: 'lexical' } },
  count: 3,
  nextLabel: 3,
  search: 'exact',
  hnsw: DEFAULT_HNSW_PARAMS,
  text: { engine: 'sqlite-fts5' },
  corpus: { checksum: 'c', files: ['papers.jsonl'] },
  build: { kind: 'full', base: null },
  builtAt: '2026-01-01T00:00:00.000Z',
  buildSeconds: 1,
  changesThrough: 0,
};

describe('manifest', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('round-trips through a version directory', async () => {
    await writeManifest(tmp.dir, manifest);
    expect(await readManifest(tmp.dir)).toEqual(manifest);
  });

  it('reads a manifest written while the HNSW seed was in it, and writes none', () => {
    const older = { ...manifest, hnsw: { ...DEFAULT_HNSW_PARAMS, seed: 100 } };
    const parsed = parseManifest(JSON.stringify(older), 'v1');
    expect(parsed).toEqual(manifest);
    expect(serializeManifest(older as IndexManifest)).not.toContain('seed');
  });

  it('refuses a missing manifest and another format version', async () => {
    await expect(readManifest(join(tmp.dir, 'nowhere'))).rejects.toThrow(/no manifest.json/);
    const other = join(tmp.dir, 'other');
    await mkdir(other);
    await writeFile(
      join(other, 'manifest.json'),
      JSON.stringify({ ...manifest, formatVersion: 99 }),
    );
    await expect(readManifest(other)).rejects.toThrow(/format version 99/);
  });

  it('is validated field by field before any file of the version is trusted', () => {
    const broken = { ...manifest, count: -1, embedder: { ...manifest.embedder, dims: 'eight' } };
    expect(() => parseManifest(JSON.stringify(broken), 'v1')).toThrow(
      /manifest of v1 is invalid: .*embedder\.dims.*count/,
    );
    expect(() => parseManifest('{"formatVersion": 2', 'v1')).toThrow(/not valid JSON/);
    const missing: Partial<IndexManifest> = { ...manifest };
    delete missing.nextLabel;
    expect(() => parseManifest(JSON.stringify(missing), 'v1')).toThrow(/nextLabel/);
  });

  it('refuses an embedder whose fingerprint or dims differ', () => {
    const same = { id: 'lexical:abc', dims: 8, fingerprint: () => 'f'.repeat(64) };
    expect(() => assertEmbedderMatches(manifest, same)).not.toThrow();
    expect(() =>
      assertEmbedderMatches(manifest, { ...same, fingerprint: () => 'e'.repeat(64) }),
    ).toThrow(/embedder mismatch: index was built with lexical:abc/);
    expect(() => assertEmbedderMatches(manifest, { ...same, dims: 9 })).toThrow(
      /embedder mismatch/,
    );
  });
});
