import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW_PARAMS } from '../../src/index/hnsw-params.js';
import {
  assertEmbedderMatches,
  readManifest,
  writeManifest,
  type IndexManifest,
} from '../../src/index/manifest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const manifest: IndexManifest = {
  formatVersion: 1,
  embedder: { id: 'lexical:abc', fingerprint: 'f'.repeat(64), dims: 8, spec: { kind: 'lexical' } },
  count: 3,
  search: 'exact',
  hnsw: DEFAULT_HNSW_PARAMS,
  corpus: { checksum: 'c', files: ['papers.jsonl'] },
  builtAt: '2026-01-01T00:00:00.000Z',
  buildSeconds: 1,
};

describe('manifest', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  it('round-trips', async () => {
    await writeManifest(tmp.dir, manifest);
    expect(await readManifest(tmp.dir)).toEqual(manifest);
  });

  it('refuses a missing manifest and another format version', async () => {
    await expect(readManifest(join(tmp.dir, 'nowhere'))).rejects.toThrow(/no manifest.json/);
    const other = join(tmp.dir, 'other');
    await writeManifest(tmp.dir, manifest);
    await import('node:fs/promises').then((fs) => fs.mkdir(other));
    await writeFile(join(other, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(readManifest(other)).rejects.toThrow(/format version 99/);
  });

  it('refuses an embedder whose fingerprint or dims differ', () => {
    const same = { id: 'lexical:abc', dims: 8, fingerprint: () => 'f'.repeat(64) };
    expect(() => assertEmbedderMatches(manifest, same)).not.toThrow();
    expect(() => assertEmbedderMatches(manifest, { ...same, fingerprint: () => 'e'.repeat(64) })).toThrow(
      /embedder mismatch: index was built with lexical:abc/,
    );
    expect(() => assertEmbedderMatches(manifest, { ...same, dims: 9 })).toThrow(/embedder mismatch/);
  });
});
