import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Paper, contentHash, noExtras, textHash } from '../../src/corpus/paper.js';
import { LexicalEmbedder } from '../../src/embed/lexical-embedder.js';
import type { IndexVersion } from '../../src/index/backend.js';
import { Overlay } from '../../src/serving/overlay.js';
import { ingest } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testBackend } from '../search/test-index.js';
import { memoryIndex } from '../index/embedded/text/helpers.js';

const paper = (id: string, title: string, year = 2020, extra: Partial<Paper> = {}): Paper => ({
  id,
  title,
  abstract: `${title} studied in depth with many experiments.`,
  authors: ['Ada Lovelace'],
  categories: ['cs.LG'],
  published: `${year}-01-01`,
  url: null,
  ...noExtras(),
  ...extra,
});

const BASE = [
  paper('a', 'Graph networks'),
  paper('b', 'Protein folding', 2019, { categories: ['q-bio.BM'] }),
  paper('c', 'Graph kernels', 2021, { doi: '10.1/kernels' }),
  paper('e', 'Language models'),
];

describe('Overlay', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let version: IndexVersion;
  let overlay: Overlay;
  let embedder: LexicalEmbedder;
  const stored = (p: Paper) => ({ ...p, contentHash: contentHash(p), textHash: textHash(p) });
  const vectorOf = async (p: Paper) => (await embedder.embedDocuments([p]))[0];

  beforeAll(async () => {
    tmp = await makeTempDir();
    const corpus = join(tmp.dir, 'base.jsonl');
    await writeFile(corpus, BASE.map((p) => JSON.stringify({ ...p, arxiv_id: null })).join('\n'));
    const root = join(tmp.dir, 'index');
    await ingest({ indexRoot: root, inputs: [corpus] });
    version = await (await testBackend(root)).open();
    const state = await version.meta('lexical-model');
    embedder = LexicalEmbedder.deserialize(state as Buffer);
    overlay = new Overlay(version, version.manifest.nextLabel);
  });

  afterAll(async () => {
    await version?.close();
    await tmp?.cleanup();
  });

  it('adds a paper under a fresh label above the base, found by id, reference and label', async () => {
    const added = paper('d', 'Graph transformers', 2024, { doi: '10.1/TRANSFORMERS' });
    expect(await overlay.upsert(stored(added), await vectorOf(added))).toEqual({
      label: 4,
      replaced: null,
    });
    expect(await overlay.records.count()).toBe(5);
    expect((await overlay.records.find({ id: 'd' }))?.title).toBe('Graph transformers');
    expect((await overlay.records.find({ doi: '10.1/transformers' }))?.id).toBe('d');
    expect((await overlay.records.find({ title: 'graph  TRANSFORMERS' }))?.id).toBe('d');
    expect((await overlay.records.byLabels([4, 0])).map((p) => p.id)).toEqual(['d', 'a']);
    expect(await overlay.vectors.vectorsOf([4])).toEqual([await vectorOf(added)]);
  });

  it('replaces a base paper: its old label is hidden from records, vectors and text', async () => {
    const changed = paper('a', 'Graph networks, revised', 2021);
    expect(await overlay.upsert(stored(changed), await vectorOf(changed))).toEqual({
      label: 5,
      replaced: 0,
    });
    expect(await overlay.records.count()).toBe(5);
    expect((await overlay.records.find({ id: 'a' }))?.label).toBe(5);
    expect((await overlay.records.byLabels([0, 5])).map((p) => p.label)).toEqual([5]);
    expect(await overlay.vectors.vectorsOf([0])).toEqual([null]);
    const near = await overlay.vectors.search(await vectorOf(changed), 10);
    expect(near.map((n) => n.label)).not.toContain(0);
    expect(near[0].label).toBe(5);
  });

  it('merges text matches of both, pending papers scored on the base scale, filters applied', async () => {
    const terms = [{ word: 'graph', stem: 'graph', weight: 1 }];
    const found = await overlay.text.search({ terms }, 10);
    expect(found.map((m) => m.label).sort()).toEqual([2, 4, 5]);
    for (const match of found) expect(match.score).toBeGreaterThan(0);
    const recent = await overlay.text.search({ terms }, 10, { filter: { yearFrom: 2022 } });
    expect(recent.map((m) => m.label)).toEqual([4]);
    const excluded = await overlay.text.search({ terms }, 10, { exclude: new Set([4, 2]) });
    expect(excluded.map((m) => m.label)).toEqual([5]);
    // The base's statistics still count its hidden paper until the next version, as an index
    // counts deleted documents until segments merge: 2 base + 2 pending.
    expect(await overlay.text.documentFrequencies(terms)).toEqual([4]);
    expect((await overlay.text.statistics()).documents).toBe(6);
  });

  it('removes base and pending papers, reporting the label each had', async () => {
    expect(await overlay.remove('b')).toBe(1);
    expect(await overlay.remove('d')).toBe(4);
    expect(await overlay.remove('d')).toBeNull();
    expect(await overlay.remove('nope')).toBeNull();
    expect(await overlay.records.find({ id: 'b' })).toBeNull();
    expect(await overlay.records.count()).toBe(3);
    expect(overlay.pendingCount).toBe(1);
    const filtered = await overlay.vectors.search(await vectorOf(BASE[1]), 10, {
      filter: { categories: ['q-bio'] },
    });
    expect(filtered).toEqual([]);
  });
});

describe('Overlay text over a base scoring with the project BM25', () => {
  it('scores pending papers as an index holding the base and them together would', async () => {
    const tmp = await makeTempDir();
    try {
      const corpus = join(tmp.dir, 'base.jsonl');
      await writeFile(corpus, BASE.map((p) => JSON.stringify({ ...p, arxiv_id: null })).join('\n'));
      const root = join(tmp.dir, 'index');
      await ingest({ indexRoot: root, inputs: [corpus] });
      const base = await (await testBackend(root)).open();
      try {
        const overlay = new Overlay(base, base.manifest.nextLabel);
        const added = [
          paper('f', 'Graph kernels for graph networks', 2022),
          paper('g', 'Protein language models', 2023),
        ];
        const embedder = LexicalEmbedder.deserialize((await base.meta('lexical-model')) as Buffer);
        const labels: number[] = [];
        for (const p of added) {
          const stored = { ...p, contentHash: contentHash(p), textHash: textHash(p) };
          labels.push(
            (await overlay.upsert(stored, (await embedder.embedDocuments([p]))[0])).label,
          );
        }
        const together = memoryIndex([
          [...BASE, ...added].map((p, i) => ({
            label: i < BASE.length ? i : labels[i - BASE.length],
            title: p.title,
            abstract: p.abstract,
          })),
        ]);
        const terms = [
          { word: 'graph', stem: 'graph', weight: 1 },
          { word: 'protein', stem: 'protein', weight: 0.5 },
          { word: 'models', stem: 'model', weight: 1.5 },
        ];
        const want = new Map(together.searchLabels({ terms }, 10).map((m) => [m.label, m.score]));
        const found = (await overlay.text.search({ terms }, 10)).filter((m) =>
          labels.includes(m.label),
        );
        expect(found.map((m) => m.label).sort()).toEqual([...labels].sort());
        for (const { label, score } of found)
          expect(score).toBeCloseTo(want.get(label) as number, 12);
        expect(await overlay.text.statistics()).toEqual(await together.statistics());
      } finally {
        await base.close();
      }
    } finally {
      await tmp.cleanup();
    }
  });
});
