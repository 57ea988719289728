import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '../../../../src/index/embedded/text/index-manifest.js';
import { openTextIndex } from '../../../../src/index/embedded/text/open-text-index.js';
import { TextIndexWriter } from '../../../../src/index/embedded/text/text-index-writer.js';
import type { TextDocument } from '../../../../src/index/text-index.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { randomCorpus, randomQueries } from './corpus.js';
import { memoryIndex } from './helpers.js';

const NO_MERGE = { maxSegments: 100, maxDeletedShare: 1 };

/** What the live corpus should be after puts and removals, in label order. */
function liveCorpus(
  ...changes: Array<{ put?: TextDocument[]; remove?: number[] }>
): TextDocument[] {
  const live = new Map<number, TextDocument>();
  for (const change of changes) {
    for (const doc of change.put ?? []) live.set(doc.label, doc);
    for (const label of change.remove ?? []) live.delete(label);
  }
  return [...live.values()].sort((a, b) => a.label - b.label);
}

describe('text index versions', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  const initial = randomCorpus(31, 1200);
  const changed = randomCorpus(32, 150, 400, 1100); // replaces 1100–1199, adds 1200–1249
  const removed = [3, 50, 51, 700, 1249, 99999];
  const queries = randomQueries(33, 60);

  async function write(
    dir: string,
    base: string | undefined,
    put: TextDocument[],
    remove: number[],
    policy = NO_MERGE,
  ) {
    const writer = new TextIndexWriter(join(root, dir), { base: base && join(root, base), policy });
    await writer.put(put);
    await writer.remove(remove);
    return writer.commit();
  }

  it('an update adds a segment and deletion sets, linking the unchanged files', async () => {
    await write('v1', undefined, initial, []);
    const manifest = await write('v2', 'v1', changed, removed);
    expect(manifest.segments.map((s) => [s.name, s.documents, s.deleted, s.deletions])).toEqual([
      ['s000001', 1200, 100 + 4, 's000001_1.del'],
      ['s000002', 149, 0, null],
    ]);
    const linked = statSync(join(root, 'v2', 's000001.doc'));
    expect(linked.ino).toBe(statSync(join(root, 'v1', 's000001.doc')).ino);
    expect(readManifest(join(root, 'v1')).segments[0].deletions).toBeNull();

    // Same ranking as the live corpus indexed from scratch, up to statistics: deleted
    // documents still count in document frequencies until merged, so compare label sets
    // of a fresh index against a merged one below, and here the visible documents.
    const index = openTextIndex(join(root, 'v2'));
    const stats = await index.statistics();
    const expected = liveCorpus({ put: initial }, { put: changed, remove: removed });
    expect(stats.documents).toBe(expected.length);
    for (const query of queries) {
      for (const { label } of index.searchLabels(query, 20)) {
        expect(expected.some((doc) => doc.label === label)).toBe(true);
      }
    }
  });

  it('a merge drops deleted documents and ranks as a fresh build of the live corpus', async () => {
    await write('v1', undefined, initial, []);
    await write('v2', 'v1', changed, removed);
    const merged = await write('v3', 'v2', [], [4], { maxSegments: 1, maxDeletedShare: 1 });
    expect(merged.segments).toEqual([
      { name: 's000003', documents: 1250 - 6, deleted: 0, deletions: null },
    ]);
    expect(readdirSync(join(root, 'v3')).sort()).toEqual([
      's000003.dict',
      's000003.doc',
      's000003.frq',
      'segments.json',
    ]);
    const fresh = memoryIndex([
      liveCorpus({ put: initial }, { put: changed, remove: [...removed, 4] }),
    ]);
    const index = openTextIndex(join(root, 'v3'));
    for (const query of queries) {
      const expected = fresh.searchLabels(query, 10);
      const found = index.searchLabels(query, 10);
      expect(found.map((r) => r.label)).toEqual(expected.map((r) => r.label));
      found.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i].score, 9));
    }
    // The earlier versions are untouched.
    expect(openTextIndex(join(root, 'v1')).segments[0].liveDocuments).toBe(1200);
  });

  it('a segment whose deleted share passes the policy is rewritten alone', async () => {
    await write('v1', undefined, initial.slice(0, 100), []);
    await write('v2', 'v1', initial.slice(100, 1200), []);
    const manifest = await write(
      'v3',
      'v2',
      [],
      initial.slice(0, 30).map((d) => d.label),
      {
        maxSegments: 8,
        maxDeletedShare: 0.2,
      },
    );
    expect(manifest.segments.map((s) => [s.name, s.documents, s.deleted])).toEqual([
      ['s000003', 70, 0],
      ['s000002', 1100, 0],
    ]);
  });

  it('a version that removes every paper of its new segment writes no segment', async () => {
    const writer = new TextIndexWriter(join(root, 'v1'));
    await writer.put(initial.slice(0, 3));
    await writer.remove(initial.slice(0, 3).map((d) => d.label));
    const manifest = await writer.commit();
    expect(manifest.segments).toEqual([]);
    expect(existsSync(join(root, 'v1', 's000001.dict'))).toBe(false);
    expect((await openTextIndex(join(root, 'v1')).statistics()).documents).toBe(0);
    await expect(writer.commit()).rejects.toThrow(/already committed/);
  });

  it('opening a folder without a text index says so', () => {
    expect(() => openTextIndex(root)).toThrow(/holds no text index/);
  });
});
