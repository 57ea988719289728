import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VectorSpec } from '../../../src/index/backend.js';
import {
  DEFAULT_GRAPH_SETTINGS,
  startGraph,
  type GraphSettings,
} from '../../../src/index/embedded/graph-start.js';
import { HnswGraph } from '../../../src/index/embedded/hnsw-graph.js';
import { vectorsFile } from '../../../src/index/embedded/version-files.js';
import { DEFAULT_HNSW_PARAMS } from '../../../src/index/hnsw-params.js';
import { FORMAT_VERSION, type IndexManifest } from '../../../src/index/manifest.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { randomUnitVectors } from '../../helpers/vectors.js';

const DIMS = 16;
const vectors = randomUnitVectors(200, DIMS, 7);
const spec: VectorSpec = {
  dims: DIMS,
  search: 'hnsw',
  hnsw: DEFAULT_HNSW_PARAMS,
  capacity: vectors.length,
};

const manifestFor = (count: number): IndexManifest => ({
  formatVersion: FORMAT_VERSION,
  embedder: { id: 'lexical:x', fingerprint: 'f', dims: DIMS, spec: { kind: 'lexical' } },
  count,
  nextLabel: vectors.length,
  search: 'hnsw',
  hnsw: DEFAULT_HNSW_PARAMS,
  text: { engine: 'segments-bm25-bmw' },
  corpus: { checksum: 'c', files: [] },
  build: { kind: 'full', base: null },
  builtAt: '2026-01-01T00:00:00.000Z',
  buildSeconds: 0,
  changesThrough: 0,
});

describe("the embedded engine's graph settings", async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  /** A graph of every vector built with `settings`, saved in a version directory of its own. */
  async function savedGraph(name: string, settings: GraphSettings, deleted = 0) {
    const graph = await startGraph(spec, null, settings);
    vectors.forEach((vector, label) => graph.add(label, vector));
    for (let label = 0; label < deleted; label++) graph.markDeleted(label);
    const dir = join(tmp.dir, name);
    await mkdir(dir, { recursive: true });
    await graph.save(vectorsFile(dir, 'hnsw'));
    return { dir, manifest: manifestFor(vectors.length - deleted) };
  }

  it("builds new graphs with the settings' seed: the same seed, the same graph", async () => {
    const bytes = async (name: string, seed: number) =>
      readFile(
        vectorsFile((await savedGraph(name, { ...DEFAULT_GRAPH_SETTINGS, seed })).dir, 'hnsw'),
      );
    const [a, again, other] = [await bytes('a', 1), await bytes('a2', 1), await bytes('b', 2)];
    expect(again.equals(a)).toBe(true);
    expect(other.equals(a)).toBe(false);
  });

  it('carries a base graph until its deleted slots pass the share, then starts afresh', async () => {
    const base = await savedGraph('worn', DEFAULT_GRAPH_SETTINGS, 40);
    const lenient = await startGraph(spec, base, {
      ...DEFAULT_GRAPH_SETTINGS,
      maxDeletedShare: 0.5,
    });
    expect(lenient).toBeInstanceOf(HnswGraph);
    expect(lenient.size).toBe(160);
    expect((lenient as HnswGraph).deletedSlots).toBe(40);
    const strict = await startGraph(spec, base, {
      ...DEFAULT_GRAPH_SETTINGS,
      maxDeletedShare: 0.2,
    });
    expect(strict.size).toBe(0);
  });
});
