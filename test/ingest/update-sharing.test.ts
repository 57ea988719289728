import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Paper,
  fromPaperRecord,
  paperRecord,
  type PaperRecord,
} from '../../src/corpus/paper.js';
import { embeddedBackend } from '../../src/index/backends.js';
import { RECORDS_MERGE_SHARE } from '../../src/index/embedded/record-files.js';
import { DELTA_RECORDS_FILE, RECORDS_FILE } from '../../src/index/embedded/version-files.js';
import { readIndexContent } from '../../tools/kill-test/index-content.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const records = (root: string, version: string) => join(root, version, RECORDS_FILE);
const delta = (root: string, version: string) => join(root, version, DELTA_RECORDS_FILE);
const inode = (file: string) => statSync(file).ino;

describe('an update shares its base records file instead of copying it', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  const papers = (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => fromPaperRecord(JSON.parse(line) as PaperRecord));
  const write = async (name: string, list: Paper[]) => {
    const file = join(tmp.dir, name);
    await writeFile(file, list.map((p) => JSON.stringify(paperRecord(p))).join('\n'));
    return file;
  };
  // Each step changes one paper's abstract of 400: far under the merge share.
  const corpus = papers.slice(0, 400);
  const revise = (step: number) =>
    corpus.map((p, i) => (i === step ? { ...p, abstract: `${p.abstract} Revision ${step}.` } : p));
  const root = join(tmp.dir, 'index');
  const update = async (list: Paper[], keepVersions = 2) =>
    ingest({
      indexRoot: root,
      inputs: [await write(`step.jsonl`, list)],
      update: true,
      keepVersions,
    });

  it('links the base file (same inode) and writes only a small delta; the base file is untouched', async () => {
    await ingest({ indexRoot: root, inputs: [await write('full.jsonl', corpus)] });
    const before = readFileSync(records(root, 'v000001'));
    const summary = await update(revise(0));
    expect(summary.version).toBe('v000002');
    expect(inode(records(root, 'v000002'))).toBe(inode(records(root, 'v000001')));
    expect(statSync(records(root, 'v000001')).nlink).toBe(2);
    expect(statSync(delta(root, 'v000002')).size).toBeLessThan(before.length / 4);
    expect(readFileSync(records(root, 'v000001')).equals(before)).toBe(true);
    expect(existsSync(delta(root, 'v000001'))).toBe(false);
  });

  it('holds exactly what a full ingest of the same input holds', async () => {
    const full = join(tmp.dir, 'full-again');
    await ingest({ indexRoot: full, inputs: [await write('same.jsonl', revise(0))] });
    const [updated, rebuilt] = [await readIndexContent(root), await readIndexContent(full)];
    expect(updated.papers).toEqual(rebuilt.papers);
    expect(updated.corpusChecksum).toBe(rebuilt.corpusChecksum);
  });

  it('keeps a shared file alive while a kept version uses it, through pruning and rollback', async () => {
    const shared = inode(records(root, 'v000001'));
    await update(revise(1));
    // keep 2: v000001 is pruned, yet v000002 and v000003 still hold its records file.
    expect(existsSync(join(root, 'v000001'))).toBe(false);
    expect(inode(records(root, 'v000002'))).toBe(shared);
    expect(inode(records(root, 'v000003'))).toBe(shared);
    expect(statSync(records(root, 'v000003')).nlink).toBe(2);
    const backend = embeddedBackend(root, pino({ level: 'silent' }));
    expect(await backend.rollback()).toBe('v000002');
    const version = await backend.open();
    expect(version.name).toBe('v000002');
    expect(await version.records.count()).toBe(400);
    expect((await version.records.find({ id: corpus[0].id }))?.abstract).toMatch(/Revision 0\.$/);
    await version.close();
  });

  it('merges the delta into a file of its own once it outgrows its share of the base', async () => {
    const shared = inode(records(root, 'v000003'));
    const changed = Math.ceil(corpus.length * RECORDS_MERGE_SHARE) + 1;
    const big = corpus.map((p, i) => (i < changed ? { ...p, title: `${p.title} (retitled)` } : p));
    const summary = await update(big, 3);
    const merged = summary.version;
    expect(inode(records(root, merged))).not.toBe(shared);
    expect(existsSync(delta(root, merged))).toBe(false);
    expect(statSync(records(root, 'v000003')).nlink).toBe(2);
    const content = await readIndexContent(root);
    expect(content.papers).toHaveLength(400);
    const backend = embeddedBackend(root, pino({ level: 'silent' }));
    const version = await backend.open();
    expect((await version.records.find({ id: corpus[0].id }))?.title).toMatch(/\(retitled\)$/);
    await version.close();
  });
});
