import { describe, expect, it } from 'vitest';
import { evaluate, unknownPapers, type Ranker } from '../../src/eval/evaluate.js';
import type { Judgment } from '../../src/eval/judgments.js';

const judgments: Judgment[] = [
  {
    kind: 'query',
    id: 'q1',
    line: 1,
    query: 'first',
    wording: 'plain',
    relevant: new Map([['a', 1]]),
  },
  {
    kind: 'query',
    id: 'q2',
    line: 2,
    query: 'second',
    wording: 'field',
    relevant: new Map([['b', 1]]),
  },
  { kind: 'related', id: 'r1', line: 3, paper: 's', relevant: new Map([['c', 2]]) },
];

// Semantic finds every relevant paper first; lexical finds q1's at rank 2 and nothing else.
const rankings: Record<string, Record<string, string[]>> = {
  semantic: { q1: ['a'], q2: ['b'], r1: ['c'] },
  lexical: { q1: ['x', 'a'], q2: ['x'], r1: ['x'] },
};
const ranker: Ranker = async (judgment, mode) => rankings[mode][judgment.id];

describe('evaluate', () => {
  it('averages per kind of case and over all cases, per mode', async () => {
    const [semantic, lexical] = await evaluate(judgments, ranker, ['semantic', 'lexical']);
    expect(semantic.mode).toBe('semantic');
    expect(semantic.overall).toEqual({ ndcg10: 1, recall10: 1, recall50: 1, mrr: 1, cases: 3 });

    // q1: a at rank 2, so MRR 1/2 and nDCG (1/log2(3)) / 1 = 0.6309; q2 finds nothing.
    expect(lexical.query.cases).toBe(2);
    expect(lexical.query.mrr).toBeCloseTo((1 / 2 + 0) / 2, 12);
    expect(lexical.query.ndcg10).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(lexical.query.recall10).toBeCloseTo(1 / 2, 12);
    expect(lexical.related).toEqual({ ndcg10: 0, recall10: 0, recall50: 0, mrr: 0, cases: 1 });
    // Overall weights the three cases equally: MRR (1/2 + 0 + 0) / 3.
    expect(lexical.overall.mrr).toBeCloseTo(1 / 6, 12);
    expect(lexical.overall.cases).toBe(3);
  });

  it('scores query cases by wording, and keeps every case for paired comparisons', async () => {
    const [lexical] = await evaluate(judgments, ranker, ['lexical']);
    expect(lexical.byWording.plain).toMatchObject({ cases: 1, mrr: 1 / 2 });
    expect(lexical.byWording.field).toEqual({
      ndcg10: 0,
      recall10: 0,
      recall50: 0,
      mrr: 0,
      cases: 1,
    });
    expect(lexical.cases.map((c) => [c.id, c.mrr])).toEqual([
      ['q1', 1 / 2],
      ['q2', 0],
      ['r1', 0],
    ]);
  });

  it('leaves out wordings no case is marked with', async () => {
    const unmarked = judgments.map((j) => (j.kind === 'query' ? { ...j, wording: undefined } : j));
    const [semantic] = await evaluate(unmarked, ranker, ['semantic']);
    expect(semantic.byWording).toEqual({});
    expect(semantic.query.cases).toBe(2);
  });

  it('asks for rankings deep enough for recall@50', async () => {
    const depths: number[] = [];
    await evaluate(
      judgments,
      async (_j, _m, k) => {
        depths.push(k);
        return [];
      },
      ['hybrid'],
    );
    expect(depths).toEqual([50, 50, 50]);
  });
});

describe('unknownPapers', () => {
  it('lists judged and source papers the index lacks, once each', async () => {
    const known = new Set(['a', 'b']);
    expect(await unknownPapers(judgments, async (id) => known.has(id))).toEqual(['s', 'c']);
  });
});
