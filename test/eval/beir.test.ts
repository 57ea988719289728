import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBeirCollection } from '../../src/eval/beir.js';
import { JudgmentsError } from '../../src/eval/judgments.js';

const tiny = fileURLToPath(new URL('../fixtures/beir/tiny', import.meta.url));

describe('readBeirCollection', () => {
  it("reads the split's judged queries with their graded documents", async () => {
    const collection = await readBeirCollection(tiny);
    expect(collection).toMatchObject({ name: 'tiny', split: 'test' });
    expect(collection.corpusFile).toMatch(/tiny\/corpus\.jsonl$/);
    expect(collection.sha256).toMatch(/^[0-9a-f]{64}$/);
    // q3 is judged in train only; q4 judges nothing relevant (grade 0 alone): both left out.
    expect(collection.judgments.map((j) => j.id)).toEqual(['q1', 'q2']);
    const [q1] = collection.judgments;
    expect(q1).toMatchObject({ kind: 'query', query: 'Hopfield network memory capacity' });
    expect([...q1.relevant]).toEqual([
      ['d2', 2],
      ['d1', 1],
      ['d6', 0],
    ]);
  });

  it('reads another split when asked', async () => {
    const train = await readBeirCollection(tiny, 'train');
    expect(train.judgments.map((j) => j.id)).toEqual(['q3']);
  });

  it('refuses a missing split naming the file', async () => {
    await expect(readBeirCollection(tiny, 'dev')).rejects.toThrow(/qrels\/dev\.tsv/);
  });

  it('reports malformed qrels lines and unknown queries together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beir-'));
    try {
      await copyFile(join(tiny, 'queries.jsonl'), join(dir, 'queries.jsonl'));
      await mkdir(join(dir, 'qrels'));
      await writeFile(
        join(dir, 'qrels', 'test.tsv'),
        'query-id\tcorpus-id\tscore\nq1\td1\thigh\nq9\td1\t1\n',
      );
      const error = await readBeirCollection(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JudgmentsError);
      expect((error as JudgmentsError).problems).toEqual([
        expect.stringMatching(/test\.tsv:2: expected "query-id<TAB>corpus-id<TAB>integer score"/),
        expect.stringMatching(/query "q9" is not in queries\.jsonl/),
      ]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
