import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Paper, fromPaperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import { openIndex } from '../../src/index/open-index.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const sample = async (): Promise<Paper[]> =>
  (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));

async function labelsById(dir: string): Promise<Map<string, number>> {
  const index = await openIndex(dir);
  const labels = new Map([...index.store.identities()].map((p) => [p.id, p.label]));
  index.close();
  return labels;
}

describe('ingest --update', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const papers = await sample();
  const write = async (name: string, list: Paper[]) => {
    const file = join(tmp.dir, name);
    await writeFile(file, list.map((p) => JSON.stringify(p)).join('\n'));
    return file;
  };
  // 150 papers; then 4 removed, 3 changed, 5 added: 151 papers of which 143 unchanged.
  const before = papers.slice(0, 150);
  const after = [
    ...before.slice(4).map((p, i) => (i < 3 ? { ...p, abstract: `${p.abstract} Revised.` } : p)),
    ...papers.slice(150, 155),
  ];

  it('with the transformer, embeds only the changed papers and keeps known labels', async () => {
    const root = join(tmp.dir, 'transformer');
    const model = {
      model: inject('tinyModelId'),
      modelsDir: inject('tinyModelRoot'),
      dtype: 'fp32' as const,
      batchSize: 16,
      threads: 1,
    };
    const first = await ingest({
      indexRoot: root,
      inputs: [await write('before.jsonl', before)],
      embedder: 'transformer',
      model,
    });
    expect(first).toMatchObject({ embedded: 150, reusedEmbeddings: 0 });

    const update = await ingest({
      indexRoot: root,
      inputs: [await write('after.jsonl', after)],
      embedder: 'transformer',
      model,
      update: true,
    });
    expect(update).toMatchObject({
      version: 'v000002',
      ingested: 151,
      diff: { added: 5, changed: 3, unchanged: 143, removed: 4 },
      embedded: 8,
      reusedEmbeddings: 143,
    });

    const [old, current] = [await labelsById(first.dir), await labelsById(update.dir)];
    for (const paper of after.slice(0, 146)) expect(current.get(paper.id)).toBe(old.get(paper.id));
    const added = papers.slice(150, 155).map((p) => current.get(p.id) as number);
    expect(added).toEqual([150, 151, 152, 153, 154]);
    for (const removed of before.slice(0, 4)) expect(current.has(removed.id)).toBe(false);
  });

  it('with the lexical embedder, a changed corpus refits the model, so nothing is reused', async () => {
    const root = join(tmp.dir, 'lexical');
    await ingest({ indexRoot: root, inputs: [await write('before-lex.jsonl', before)] });
    const same = await ingest({
      indexRoot: root,
      inputs: [join(tmp.dir, 'before-lex.jsonl')],
      update: true,
    });
    expect(same).toMatchObject({ embedded: 0, reusedEmbeddings: 150, diff: { unchanged: 150 } });
    const changed = await ingest({
      indexRoot: root,
      inputs: [await write('after-lex.jsonl', after)],
      update: true,
    });
    expect(changed).toMatchObject({ embedded: 151, reusedEmbeddings: 0, diff: { changed: 3 } });
  });
});
