import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/util/prng.js';
import { ensureUpdatedCorpus } from '../../../../tools/bench/scale/corpus-files.js';
import {
  newSubmission,
  planUpdate,
  reviseAbstract,
  sampleDistinct,
} from '../../../../tools/bench/scale/corpus-update.js';
import {
  syntheticArxivRecords,
  writeSyntheticArxiv,
  type ArxivSnapshotRecord,
} from '../../../../tools/bench/synthetic-arxiv.js';
import { readArxiv } from '../../../../src/corpus/arxiv-reader.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('update plans', () => {
  it('revise, remove and add equal thirds of the share, at distinct positions', () => {
    for (const [count, share] of [
      [10_000, 0.01],
      [10_000, 0.001],
      [1_000_000, 0.01],
      [300, 0.1],
    ] as const) {
      const plan = planUpdate(count, share, 7);
      const third = Math.round((count * share) / 3);
      expect(plan.changed).toHaveLength(third);
      expect(plan.removed).toHaveLength(third);
      expect(plan.added).toBe(third);
      const positions = [...plan.changed, ...plan.removed];
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions.every((p) => Number.isInteger(p) && p >= 0 && p < count)).toBe(true);
      expect(plan.changed).toEqual([...plan.changed].sort((a, b) => a - b));
    }
  });

  it('is the same for the same seed and another for another seed', () => {
    expect(planUpdate(50_000, 0.01, 3)).toEqual(planUpdate(50_000, 0.01, 3));
    expect(planUpdate(50_000, 0.01, 3).changed).not.toEqual(planUpdate(50_000, 0.01, 4).changed);
  });

  it('touches at least one paper of each kind, and refuses a share larger than the corpus', () => {
    expect(planUpdate(100, 0.001, 1)).toMatchObject({ added: 1 });
    expect(() => planUpdate(10, 2, 1)).toThrow(RangeError);
  });

  it('samples distinct values spread over the whole range', () => {
    const picked = sampleDistinct(1000, 500, mulberry32(9));
    expect(new Set(picked).size).toBe(500);
    expect(Math.min(...picked)).toBeLessThan(50);
    expect(Math.max(...picked)).toBeGreaterThan(950);
    expect(sampleDistinct(5, 5, mulberry32(1)).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('revised and new papers', () => {
  const [record, donor, fresh] = [...syntheticArxivRecords({ count: 3, seed: 2 })];

  it('a revision keeps the paper and adds a sentence and a version', () => {
    const revised = reviseAbstract(record, donor, 2);
    expect(revised.id).toBe(record.id);
    expect(revised.title).toBe(record.title);
    expect(revised.abstract.startsWith(record.abstract.trimEnd())).toBe(true);
    expect(revised.abstract.length).toBeGreaterThan(record.abstract.length + 5);
    expect(revised.versions).toHaveLength(record.versions.length + 1);
    expect(revised.update_date).toBe('2026-02-15');
  });

  it('a new submission gets an identifier of its round no generated corpus uses', () => {
    expect(newSubmission(fresh, 1, 0).id).toBe('2601.00001');
    expect(newSubmission(fresh, 3, 41).id).toBe('2603.00042');
    expect(newSubmission(fresh, 1, 0).versions).toHaveLength(1);
  });
});

describe('updated corpus files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  const records = async (file: string) =>
    (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ArxivSnapshotRecord);

  it('apply the plan to the previous round, the same bytes every time', async () => {
    const base = join(dir, 'corpus.jsonl');
    await writeSyntheticArxiv(base, { count: 300, seed: 1 });
    const first = await ensureUpdatedCorpus(base, 300, 0.1, 1);
    expect(first.file).toBe(join(dir, 'corpus-u1.jsonl'));
    const before = await records(base);
    const after = await records(first.file);
    expect(after).toHaveLength(first.papers);
    expect(first.papers).toBe(300 - first.plan.removed.length + first.plan.added);

    const afterById = new Map(after.map((r) => [r.id, r]));
    const removedIds = first.plan.removed.map((i) => before[i].id);
    expect(removedIds.every((id) => !afterById.has(id))).toBe(true);
    const changedIds = new Set(first.plan.changed.map((i) => before[i].id));
    for (const original of before) {
      const now = afterById.get(original.id);
      if (!now) continue;
      if (changedIds.has(original.id)) expect(now.abstract).not.toBe(original.abstract);
      else expect(now).toEqual(original);
    }
    const added = after.filter((r) => !before.some((b) => b.id === r.id));
    expect(added.map((r) => r.id)).toEqual(
      Array.from({ length: first.plan.added }, (_, i) => `2601.${String(i + 1).padStart(5, '0')}`),
    );

    const second = await ensureUpdatedCorpus(first.file, first.papers, 0.1, 2);
    expect(second.file).toBe(join(dir, 'corpus-u2.jsonl'));
    const copy = join(dir, 'again.jsonl');
    await writeFile(copy, await readFile(base));
    const again = await ensureUpdatedCorpus(copy, 300, 0.1, 1);
    expect((await readFile(again.file)).equals(await readFile(first.file))).toBe(true);
  });

  it('read through the arXiv snapshot reader without a skipped record', async () => {
    const base = join(dir, 'read.jsonl');
    await writeSyntheticArxiv(base, { count: 120, seed: 3 });
    const { file, papers } = await ensureUpdatedCorpus(base, 120, 0.1, 1);
    const ids = new Set<string>();
    for await (const event of readArxiv(file)) {
      expect(event.kind).toBe('paper');
      if (event.kind === 'paper') ids.add(event.paper.id);
    }
    expect(ids.size).toBe(papers);
  });
});
