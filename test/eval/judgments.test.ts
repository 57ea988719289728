import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  judgedPaperIds,
  JudgmentsError,
  readJudgments,
  type Judgment,
} from '../../src/eval/judgments.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SAMPLE_PAPERS = 'data/sample/papers.jsonl';
const SAMPLE_JUDGMENTS = 'data/sample/judgments.jsonl';

describe('the sample judged set', () => {
  let judgments: Judgment[];
  const paperIds = new Set(
    readFileSync(SAMPLE_PAPERS, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { id: string }).id),
  );

  beforeEach(async () => {
    judgments = await readJudgments(SAMPLE_JUDGMENTS);
  });

  it('has at least 30 cases of each kind', () => {
    expect(judgments.filter((j) => j.kind === 'query').length).toBeGreaterThanOrEqual(30);
    expect(judgments.filter((j) => j.kind === 'related').length).toBeGreaterThanOrEqual(30);
  });

  it('names only papers of the sample corpus', () => {
    const unknown = judgments.flatMap(judgedPaperIds).filter((id) => !paperIds.has(id));
    expect(unknown).toEqual([]);
  });

  it('never judges a source paper relevant to itself', () => {
    for (const j of judgments) {
      if (j.kind === 'related') expect(j.relevant.has(j.paper), j.id).toBe(false);
    }
  });

  it('marks the wording of every query, with enough of each wording to compare them', () => {
    const wordings = judgments.flatMap((j) => (j.kind === 'query' ? [j.wording] : []));
    expect(wordings.filter((w) => w === undefined)).toEqual([]);
    expect(wordings.filter((w) => w === 'plain').length).toBeGreaterThanOrEqual(20);
    expect(wordings.filter((w) => w === 'field').length).toBeGreaterThanOrEqual(20);
  });

  it('grades every judged paper 1 or 2', () => {
    for (const j of judgments) {
      for (const grade of j.relevant.values()) expect([1, 2], j.id).toContain(grade);
    }
  });
});

describe('readJudgments', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(() => cleanup());

  async function write(lines: string[]): Promise<string> {
    const file = join(dir, 'judgments.jsonl');
    await writeFile(file, lines.join('\n'));
    return file;
  }

  async function problemsOf(file: string): Promise<string[]> {
    const error = await readJudgments(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JudgmentsError);
    return (error as JudgmentsError).problems;
  }

  it('reads both kinds, keeping line numbers and grades', async () => {
    const file = await write([
      '{"kind":"query","id":"q1","query":"small models","relevant":{"p1":2,"p2":1}}',
      '',
      '{"kind":"related","id":"r1","paper":"p1","relevant":{"p3":1}}',
    ]);
    const [query, related] = await readJudgments(file);
    expect(query).toMatchObject({ kind: 'query', id: 'q1', line: 1, query: 'small models' });
    expect([...query.relevant]).toEqual([
      ['p1', 2],
      ['p2', 1],
    ]);
    expect(related).toMatchObject({ kind: 'related', id: 'r1', line: 3, paper: 'p1' });
    expect(judgedPaperIds(related)).toEqual(['p1', 'p3']);
  });

  it('reads an optional wording of a query and rejects unknown ones', async () => {
    const file = await write([
      '{"kind":"query","id":"q1","wording":"plain","query":"tiny","relevant":{"p1":1}}',
      '{"kind":"query","id":"q2","query":"no wording","relevant":{"p1":1}}',
    ]);
    const [marked, unmarked] = await readJudgments(file);
    expect(marked).toMatchObject({ id: 'q1', wording: 'plain' });
    expect(unmarked).not.toHaveProperty('wording');

    const bad = await write([
      '{"kind":"query","id":"q1","wording":"casual","query":"tiny","relevant":{"p1":1}}',
    ]);
    expect(await problemsOf(bad)).toEqual([
      expect.stringMatching(new RegExp(`^${bad}:1: wording: `)),
    ]);
  });

  it('reports every bad line as file:line', async () => {
    const file = await write([
      '{"kind":"query","id":"q1","query":"ok","relevant":{"p1":1}}',
      'not json',
      '{"kind":"query","id":"q2","query":"","relevant":{"p1":1}}',
      '{"kind":"related","id":"r1","paper":"p1","relevant":{"p1":2}}',
      '{"kind":"query","id":"q1","query":"again","relevant":{"p1":1}}',
      '{"kind":"query","id":"q3","query":"zero","relevant":{"p1":0}}',
      '{"kind":"query","id":"q4","query":"bad grade","relevant":{"p1":1.5}}',
      '{"kind":"other","id":"x1"}',
    ]);
    const problems = await problemsOf(file);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${file}:2: invalid JSON`)),
      expect.stringMatching(new RegExp(`^${file}:3: query:`)),
      expect.stringMatching(
        new RegExp(`^${file}:4: relevant: the source paper is judged relevant`),
      ),
      `${file}:5: id "q1" already used on line 1`,
      expect.stringMatching(new RegExp(`^${file}:6: relevant: needs at least one paper`)),
      expect.stringMatching(new RegExp(`^${file}:7: relevant\\.p1:`)),
      expect.stringMatching(new RegExp(`^${file}:8: `)),
    ]);
  });

  it('rejects a file with no judgments', async () => {
    expect(await problemsOf(await write(['', '  ']))).toEqual([
      expect.stringMatching(/no judgments/),
    ]);
  });
});
