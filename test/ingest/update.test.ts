import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Paper,
  fromPaperRecord,
  paperRecord,
  type PaperRecord,
} from '../../src/corpus/paper.js';
import { dot } from '../../src/embed/dot.js';
import type { IndexVersion } from '../../src/index/backend.js';
import { openEmbeddedVersion } from '../../src/index/embedded/embedded-version.js';
import { textQuery } from '../../src/search/lexical-query.js';
import { ingest, SAMPLE, tinyModelIngestOptions } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const sample = async (): Promise<Paper[]> =>
  (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));

const open = (dir: string) => openEmbeddedVersion(dir, { filterScanBelow: 2000 });

async function labelsById(version: IndexVersion, ids: string[]): Promise<Map<string, number>> {
  const found = await Promise.all(ids.map((id) => version.records.find({ id })));
  return new Map(found.flatMap((p) => (p ? [[p.id, p.label] as const] : [])));
}

/** Every paper's top-10 by the version's graph against an exact scan of the same vectors. */
async function recallAgainstExact(version: IndexVersion, labels: number[]): Promise<number> {
  const vectors = (await version.vectors.vectorsOf(labels)) as Float32Array[];
  let hits = 0;
  let total = 0;
  for (const [i, query] of vectors.entries()) {
    if (i % 5 !== 0) continue;
    const exact = labels
      .map((label, j) => ({ label, score: dot(query, vectors[j]) }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, 10)
      .map((n) => n.label);
    const found = new Set((await version.vectors.search(query, 10)).map((n) => n.label));
    hits += exact.filter((label) => found.has(label)).length;
    total += exact.length;
  }
  return hits / total;
}

describe('ingest --update', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const papers = await sample();
  const write = async (name: string, list: Paper[]) => {
    const file = join(tmp.dir, name);
    await writeFile(file, list.map((p) => JSON.stringify(paperRecord(p))).join('\n'));
    return file;
  };
  // 150 papers; then 4 removed, 3 with changed text, 2 with changed authors only, 5 added.
  const before = papers.slice(0, 150);
  const after = [
    ...before
      .slice(4)
      .map((p, i) =>
        i < 3
          ? { ...p, abstract: `${p.abstract} Revised.` }
          : i < 5
            ? { ...p, authors: ['Someone Else'] }
            : p,
      ),
    ...papers.slice(150, 155),
  ];

  it('with the transformer, embeds only papers whose text changed, and keeps known labels', async () => {
    const root = join(tmp.dir, 'transformer');
    const model = tinyModelIngestOptions();
    const first = await ingest({
      indexRoot: root,
      inputs: [await write('before.jsonl', before)],
      embedder: 'transformer',
      model,
      exactBelow: 0,
    });
    expect(first).toMatchObject({ embedded: 150, reusedEmbeddings: 0 });

    const update = await ingest({
      indexRoot: root,
      inputs: [await write('after.jsonl', after)],
      embedder: 'transformer',
      model,
      update: true,
      exactBelow: 0,
    });
    expect(update).toMatchObject({
      version: 'v000002',
      build: { kind: 'update', base: 'v000001', vectors: 'carried' },
      ingested: 151,
      diff: { added: 5, changed: 5, unchanged: 141, removed: 4 },
      // Changed authors only: the embedded text is the same, so nothing is re-embedded.
      embedded: 8,
      carried: 143,
    });

    const [old, current] = [await open(first.location), await open(update.location)];
    const oldLabels = await labelsById(
      old,
      before.map((p) => p.id),
    );
    const newLabels = await labelsById(
      current,
      after.map((p) => p.id),
    );
    for (const paper of after.slice(0, 146))
      expect(newLabels.get(paper.id)).toBe(oldLabels.get(paper.id));
    const added = papers.slice(150, 155).map((p) => newLabels.get(p.id));
    expect(added).toEqual([150, 151, 152, 153, 154]);
    expect(
      await labelsById(
        current,
        before.slice(0, 4).map((p) => p.id),
      ),
    ).toEqual(new Map());

    // Vectors: unchanged papers keep theirs; removed ones are gone from the graph.
    const kept = newLabels.get(after[10].id) as number;
    expect(await current.vectors.vectorsOf([kept])).toEqual(await old.vectors.vectorsOf([kept]));
    const removedLabel = oldLabels.get(before[0].id) as number;
    expect(await current.vectors.vectorsOf([removedLabel])).toEqual([null]);
    const nearRemoved = await current.vectors.search(
      (await old.vectors.vectorsOf([removedLabel]))[0] as Float32Array,
      20,
    );
    expect(nearRemoved.map((n) => n.label)).not.toContain(removedLabel);

    // Text: a revised abstract's new word is found; a removed paper's title is not.
    const revisedTerms = { terms: textQuery('revised').terms };
    const earlier = new Set((await old.text.search(revisedTerms, 50)).map((m) => m.label));
    const revised = (await current.text.search(revisedTerms, 50)).map((m) => m.label);
    expect(revised.filter((label) => !earlier.has(label)).sort((a, b) => a - b)).toEqual(
      after.slice(0, 3).map((p) => newLabels.get(p.id)),
    );
    const removedTitle = textQuery(before[0].title).terms;
    const stillFound = await current.text.search({ terms: removedTitle }, 200);
    expect(stillFound.map((m) => m.label)).not.toContain(removedLabel);

    // Filters see the changed authors.
    const byAuthor = await current.vectors.search(
      (await current.vectors.vectorsOf([kept]))[0] as Float32Array,
      10,
      { filter: { authors: ['Else'] } },
    );
    expect(byAuthor.map((n) => n.label).sort((a, b) => a - b)).toEqual(
      after.slice(3, 5).map((p) => newLabels.get(p.id)),
    );
    await old.close();
    await current.close();
  });

  it('keeps recall against exact search through successive updates', async () => {
    const root = join(tmp.dir, 'successive');
    let corpus = papers.slice(0, 300);
    await ingest({ indexRoot: root, inputs: [await write('s0.jsonl', corpus)], exactBelow: 0 });
    for (let round = 1; round <= 3; round++) {
      // Each round: 10 removed, 10 with new text, 10 added.
      const start = 300 + (round - 1) * 10;
      corpus = [
        ...corpus
          .slice(10)
          .map((p, i) => (i < 10 ? { ...p, title: `${p.title} (round ${round})` } : p)),
        ...papers.slice(start, start + 10),
      ];
      const summary = await ingest({
        indexRoot: root,
        inputs: [await write(`s${round}.jsonl`, corpus)],
        update: true,
        exactBelow: 0,
      });
      expect(summary).toMatchObject({
        build: { kind: 'update', vectors: 'carried' },
        diff: { added: 10, changed: 10, removed: 10 },
        embedded: 20,
      });
      const version = await open(summary.location);
      const labels = [
        ...(
          await labelsById(
            version,
            corpus.map((p) => p.id),
          )
        ).values(),
      ];
      expect(labels).toHaveLength(300);
      expect(await recallAgainstExact(version, labels)).toBeGreaterThanOrEqual(0.99);
      await version.close();
    }
  });

  it('with the lexical embedder, keeps the fitted model: only new text is embedded, drift reported', async () => {
    const root = join(tmp.dir, 'lexical');
    const first = await ingest({
      indexRoot: root,
      inputs: [await write('before-lex.jsonl', before)],
    });
    const same = await ingest({
      indexRoot: root,
      inputs: [join(tmp.dir, 'before-lex.jsonl')],
      update: true,
    });
    expect(same).toMatchObject({ embedded: 0, carried: 150, diff: { unchanged: 150 } });
    const changed = await ingest({
      indexRoot: root,
      inputs: [await write('after-lex.jsonl', after)],
      update: true,
    });
    expect(changed).toMatchObject({
      embedded: 8,
      carried: 143,
      diff: { changed: 5 },
      lexicalDrift: { refitted: false },
    });
    expect(changed.embedder).toBe(first.embedder);
    expect(changed.lexicalDrift?.unseenShare).toBeCloseTo(8 / 151, 6);
    expect(changed.lexicalDrift?.reason).toMatch(/kept the model fitted in v000001/);

    const refit = await ingest({
      indexRoot: root,
      inputs: [join(tmp.dir, 'after-lex.jsonl')],
      update: true,
      refit: true,
    });
    expect(refit).toMatchObject({
      build: { vectors: 'rebuilt' },
      embedded: 151,
      lexicalDrift: { refitted: true, reason: 'refit requested' },
    });
  });

  it('refits the lexical model once enough of the corpus is new', async () => {
    const root = join(tmp.dir, 'drift');
    await ingest({ indexRoot: root, inputs: [await write('d0.jsonl', papers.slice(0, 100))] });
    const grown = await ingest({
      indexRoot: root,
      inputs: [await write('d1.jsonl', papers.slice(0, 140))],
      update: true,
    });
    expect(grown.lexicalDrift).toMatchObject({ refitted: true });
    expect(grown.lexicalDrift?.reason).toMatch(/28\.6% of papers are new or changed/);
    expect(grown).toMatchObject({ embedded: 140, build: { vectors: 'rebuilt' } });
  });

  it('rebuilds the graph on request', async () => {
    const root = join(tmp.dir, 'rebuild');
    await ingest({ indexRoot: root, inputs: [await write('r0.jsonl', before)], exactBelow: 0 });
    const rebuilt = await ingest({
      indexRoot: root,
      inputs: [join(tmp.dir, 'r0.jsonl')],
      update: true,
      rebuild: true,
      exactBelow: 0,
    });
    expect(rebuilt).toMatchObject({
      build: { kind: 'update', vectors: 'rebuilt' },
      embedded: 150,
      carried: 0,
    });
  });
});
