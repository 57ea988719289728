import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { loadIndexEmbedder } from '../../src/embed/embedder-factory.js';
import { listBuilding, listVersions } from '../../src/index/index-root.js';
import { assertEmbedderMatches } from '../../src/index/manifest.js';
import { openIndex } from '../../src/index/open-index.js';
import { StrictModeError } from '../../src/ingest/ingest-job.js';
import { ingest, SAMPLE_SIZE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const fixture = (name: string) => new URL(`../fixtures/corpus/${name}`, import.meta.url).pathname;

describe('ingest job', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());

  describe('with the lexical embedder on the sample corpus', async () => {
    const root = join(tmp.dir, 'lexical');
    const first = await ingest({ indexRoot: root });

    it('indexes every sample paper and publishes a version', async () => {
      expect(first).toMatchObject({
        version: 'v000001',
        read: SAMPLE_SIZE,
        ingested: SAMPLE_SIZE,
        duplicates: 0,
        skipped: {},
      });
      expect(first.embedder).toMatch(/^lexical/);
      expect((await readFile(join(root, 'CURRENT'), 'utf8')).trim()).toBe('v000001');
    });

    it('writes a manifest the index opens with, and the embedder it names matches', async () => {
      const index = await openIndex(first.dir);
      expect(index.manifest).toMatchObject({
        count: SAMPLE_SIZE,
        search: 'exact',
        embedder: { spec: { kind: 'lexical' } },
      });
      expect(index.manifest.corpus.files).toEqual(['papers.jsonl']);
      expect(index.vectors.size).toBe(SAMPLE_SIZE);
      const embedder = await loadIndexEmbedder(
        index.manifest.embedder.spec,
        { modelsDir: 'models', batchSize: 8, threads: 1 },
        (k) => index.store.getMeta(k),
      );
      expect(() => assertEmbedderMatches(index.manifest, embedder)).not.toThrow();
      index.close();
    });

    it('finds topical neighbours: diffusion papers sit next to diffusion papers', async () => {
      const index = await openIndex(first.dir);
      const isDiffusion = (p: { title: string; abstract: string }) =>
        /diffusion/i.test(`${p.title} ${p.abstract}`);
      const sources = [...index.store.papersInLabelOrder(1000)][0].filter((p) =>
        /diffusion/i.test(p.title),
      );
      expect(sources.length).toBeGreaterThan(5);
      let topical = 0;
      for (const source of sources) {
        const neighbours = index.vectors.search(index.vectors.getVector(source.label)!, 6).slice(1);
        topical += index.store
          .getByLabels(neighbours.map((n) => n.label))
          .filter(isDiffusion).length;
      }
      expect(topical / (sources.length * 5)).toBeGreaterThan(0.6);
      index.close();
    });

    it('reuses every stored embedding when re-indexing the same corpus', async () => {
      const second = await ingest({ indexRoot: root });
      expect(second).toMatchObject({
        version: 'v000002',
        ingested: SAMPLE_SIZE,
        embedded: 0,
        reusedEmbeddings: SAMPLE_SIZE,
      });
      const [a, b] = [await openIndex(first.dir), await openIndex(second.dir)];
      expect(b.manifest.corpus.checksum).toBe(a.manifest.corpus.checksum);
      expect(b.manifest.embedder.fingerprint).toBe(a.manifest.embedder.fingerprint);
      a.close();
      b.close();
    });
  });

  it('builds an HNSW graph above the exact-search threshold', async () => {
    const root = join(tmp.dir, 'hnsw');
    const summary = await ingest({ indexRoot: root, exactBelow: 100 });
    expect(existsSync(join(summary.dir, 'vectors.hnsw'))).toBe(true);
    const index = await openIndex(summary.dir);
    expect(index.manifest.search).toBe('hnsw');
    expect(index.vectors.size).toBe(SAMPLE_SIZE);
    const probe = index.vectors.getVector(10)!;
    expect(index.vectors.search(probe, 1)[0].label).toBe(10);
    index.close();
  });

  it('embeds with the generated transformer model', async () => {
    const root = join(tmp.dir, 'transformer');
    const summary = await ingest({
      indexRoot: root,
      embedder: 'transformer',
      model: {
        model: inject('tinyModelId'),
        modelsDir: inject('tinyModelRoot'),
        dtype: 'fp32',
        batchSize: 16,
        threads: 1,
      },
    });
    expect(summary).toMatchObject({ ingested: SAMPLE_SIZE, embedded: SAMPLE_SIZE });
    expect(summary.embedder).toBe(`transformer:${inject('tinyModelId')}:fp32`);
    const index = await openIndex(summary.dir);
    expect(index.manifest.embedder.dims).toBe(64);
    index.close();
  });

  describe('with bad input', () => {
    it('skips malformed records with their reasons and keeps the rest', async () => {
      const summary = await ingest({
        indexRoot: join(tmp.dir, 'bad'),
        inputs: [fixture('papers.jsonl')],
      });
      // Of 7 records: a broken line, a missing abstract, a bad authors type and a non-object.
      expect(summary).toMatchObject({ read: 7, ingested: 3 });
      expect(Object.values(summary.skipped).reduce((a, b) => a + b, 0)).toBe(4);
      expect(Object.keys(summary.skipped).join(' ')).toMatch(/invalid JSON/);
    });

    it('fails under --strict without publishing anything', async () => {
      const root = join(tmp.dir, 'strict');
      await expect(
        ingest({ indexRoot: root, inputs: [fixture('papers.jsonl')], strict: true }),
      ).rejects.toThrow(StrictModeError);
      expect(await listVersions(root)).toEqual([]);
      expect(await listBuilding(root)).toEqual([]);
    });

    it('keeps the last record of a repeated id and counts the duplicate', async () => {
      const file = join(tmp.dir, 'dupes.jsonl');
      const record = (title: string) =>
        JSON.stringify({ id: 'same', title, abstract: `${title} about graphs.` });
      await writeFile(
        file,
        [
          record('First title'),
          record('Second title'),
          JSON.stringify({ id: 'other', title: 'Other', abstract: 'Another graph paper.' }),
        ].join('\n'),
      );
      const summary = await ingest({ indexRoot: join(tmp.dir, 'dupes'), inputs: [file] });
      expect(summary).toMatchObject({ ingested: 2, duplicates: 1 });
      const index = await openIndex(summary.dir);
      expect(index.store.getById('same')?.title).toBe('Second title');
      index.close();
    });

    it('refuses a missing or empty input file with a clear error', async () => {
      await expect(
        ingest({ indexRoot: join(tmp.dir, 'missing'), inputs: [join(tmp.dir, 'nope.jsonl')] }),
      ).rejects.toThrow(CorpusError);
      await expect(
        ingest({ indexRoot: join(tmp.dir, 'empty'), inputs: [fixture('empty.jsonl')] }),
      ).rejects.toThrow(/empty/);
    });
  });
});
