import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { loadIndexEmbedder } from '../../src/embed/embedder-factory.js';
import { EmbeddedBackend } from '../../src/index/embedded/embedded-backend.js';
import { openEmbeddedVersion } from '../../src/index/embedded/embedded-version.js';
import { listBuilding, listVersions } from '../../src/index/embedded/index-root.js';
import { assertEmbedderMatches } from '../../src/index/manifest.js';
import { StrictModeError } from '../../src/ingest/ingest-job.js';
import { ingest, SAMPLE, SAMPLE_SIZE, tinyModelIngestOptions } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const silent = pino({ level: 'silent' });
const fixture = (name: string) => new URL(`../fixtures/corpus/${name}`, import.meta.url).pathname;
const openVersion = (dir: string) => openEmbeddedVersion(dir, { filterScanBelow: 2000 });

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
      const index = await openVersion(first.location);
      expect(index.manifest).toMatchObject({
        count: SAMPLE_SIZE,
        search: 'exact',
        embedder: { spec: { kind: 'lexical' } },
      });
      expect(index.manifest.corpus.files).toEqual(['papers.jsonl']);
      expect(await index.vectors.size()).toBe(SAMPLE_SIZE);
      const embedder = await loadIndexEmbedder(
        index.manifest.embedder.spec,
        { modelsDir: 'models', batchSize: 8, threads: 1 },
        (k) => index.meta(k),
      );
      expect(() => assertEmbedderMatches(index.manifest, embedder)).not.toThrow();
      await index.close();
    });

    it('finds topical neighbours: diffusion papers sit next to diffusion papers', async () => {
      const index = await openVersion(first.location);
      const isDiffusion = (p: { title: string; abstract: string }) =>
        /diffusion/i.test(`${p.title} ${p.abstract}`);
      const all = await index.records.byLabels(Array.from({ length: SAMPLE_SIZE }, (_, i) => i));
      const sources = all.filter((p) => /diffusion/i.test(p.title));
      expect(sources.length).toBeGreaterThan(5);
      let topical = 0;
      for (const source of sources) {
        const [vector] = await index.vectors.vectorsOf([source.label]);
        const neighbours = (await index.vectors.search(vector!, 6)).slice(1);
        const papers = await index.records.byLabels(neighbours.map((n) => n.label));
        topical += papers.filter(isDiffusion).length;
      }
      expect(topical / (sources.length * 5)).toBeGreaterThan(0.6);
      await index.close();
    });

    it('refits the same model when re-indexing the same corpus, embedding again rather than storing', async () => {
      const second = await ingest({ indexRoot: root });
      // Lexical embeddings cost less to compute than to checkpoint and read back.
      expect(second).toMatchObject({
        version: 'v000002',
        ingested: SAMPLE_SIZE,
        embedded: SAMPLE_SIZE,
        reusedEmbeddings: 0,
      });
      expect(existsSync(join(root, 'checkpoints.sqlite'))).toBe(false);
      const [a, b] = [await openVersion(first.location), await openVersion(second.location)];
      expect(b.manifest.corpus.checksum).toBe(a.manifest.corpus.checksum);
      expect(b.manifest.embedder.fingerprint).toBe(a.manifest.embedder.fingerprint);
      await a.close();
      await b.close();
    });
  });

  it('builds an HNSW graph above the exact-search threshold', async () => {
    const root = join(tmp.dir, 'hnsw');
    const summary = await ingest({ indexRoot: root, exactBelow: 100 });
    expect(existsSync(join(summary.location, 'vectors.hnsw'))).toBe(true);
    const index = await openVersion(summary.location);
    expect(index.manifest.search).toBe('hnsw');
    expect(await index.vectors.size()).toBe(SAMPLE_SIZE);
    const [probe] = await index.vectors.vectorsOf([10]);
    expect((await index.vectors.search(probe!, 1))[0].label).toBe(10);

    // The graph built on a worker thread equals the one built on the calling thread.
    const inlineRoot = join(tmp.dir, 'hnsw-inline');
    const backend = new EmbeddedBackend(
      inlineRoot,
      { filterScanBelow: 0, graphOnWorker: false },
      silent,
    );
    const inline = await openVersion((await ingest({ backend, exactBelow: 100 })).location);
    for (const label of [3, 10, 200]) {
      const [vector] = await index.vectors.vectorsOf([label]);
      expect(await inline.vectors.search(vector!, 10)).toEqual(
        await index.vectors.search(vector!, 10),
      );
    }
    await inline.close();
    await index.close();
  });

  it('embeds with the generated transformer model, reusing checkpoints by the text embedded', async () => {
    const root = join(tmp.dir, 'transformer');
    const model = tinyModelIngestOptions();
    const summary = await ingest({ indexRoot: root, embedder: 'transformer', model });
    expect(summary).toMatchObject({ ingested: SAMPLE_SIZE, embedded: SAMPLE_SIZE });
    expect(summary.embedder).toBe(`transformer:${inject('tinyModelId')}:fp32`);
    const index = await openVersion(summary.location);
    expect(index.manifest.embedder.dims).toBe(64);
    await index.close();

    // Every paper's authors and links changed, none of its title or abstract: a full rebuild
    // embeds nothing, the checkpoints are keyed by the text the model saw.
    const papers = (await readFile(SAMPLE, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => ({
        ...(JSON.parse(line) as Record<string, unknown>),
        authors: ['Someone Else'],
        url: 'https://example.org/moved',
      }));
    const edited = join(tmp.dir, 'edited.jsonl');
    await writeFile(edited, papers.map((p) => JSON.stringify(p)).join('\n'));
    const rebuilt = await ingest({
      indexRoot: root,
      embedder: 'transformer',
      model,
      inputs: [edited],
    });
    expect(rebuilt).toMatchObject({
      ingested: SAMPLE_SIZE,
      embedded: 0,
      reusedEmbeddings: SAMPLE_SIZE,
    });
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
      const index = await openVersion(summary.location);
      expect((await index.records.find({ id: 'same' }))?.title).toBe('Second title');
      await index.close();
    });

    it('refuses a missing or empty input file with a clear error, leaving nothing behind', async () => {
      const root = join(tmp.dir, 'failing');
      await expect(
        ingest({ indexRoot: root, inputs: [join(tmp.dir, 'nope.jsonl')] }),
      ).rejects.toThrow(CorpusError);
      await expect(ingest({ indexRoot: root, inputs: [fixture('empty.jsonl')] })).rejects.toThrow(
        /empty/,
      );
      await expect(ingest({ indexRoot: root, inputs: [tmp.dir] })).rejects.toThrow(
        /not a regular file/,
      );
      expect(await listBuilding(root)).toEqual([]);
      expect(await listVersions(root)).toEqual([]);
      // No version number was used up by the failures.
      expect((await ingest({ indexRoot: root, inputs: [fixture('papers.jsonl')] })).version).toBe(
        'v000001',
      );
    });
  });
});
