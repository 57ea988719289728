import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnnResult } from '../../../../tools/bench/ann/ann-task.js';
import { TARGET_TABLE_HEAD } from '../../../../tools/bench/ann/recall-targets.js';
import type { CoreProbe } from '../../../../tools/bench/threads/core-probe.js';
import { RESULTS_DIR } from '../../../../tools/bench/project-root.js';
import type { BenchResult } from '../../../../src/results/report.js';
import {
  graphDecision,
  ingestDecision,
  peerRates,
  type PeerRate,
} from '../../../../tools/bench/threads/decision.js';
import { benchResult } from '../bench-result.js';
import { failedRun, graphRuns, ingestComparison } from './fixtures.js';

function vectorSearchResult(rows: (string | number | null)[][]): BenchResult {
  return benchResult({ tables: [{ ...TARGET_TABLE_HEAD, rows }] });
}

const HNSW = 'M=16, efConstruction=200';
const USEARCH = 'connectivity=16, expansion_add=200, f32';

/** usearch answering `usearch` queries/s where hnswlib-node answers 4000, at both recalls. */
function peers(usearch: number): PeerRate[] {
  return peerRates(
    vectorSearchResult([
      ['synthetic 1M', 'hnswlib-node', HNSW, 'ef=24', 4000, 'ef=48', 3000],
      ['synthetic 1M', 'usearch', USEARCH, 'ef=24', usearch, 'ef=48', usearch],
    ]),
  );
}

describe('peerRates', () => {
  it('reads the default-M rates of the synthetic sets, skipping targets not reached', () => {
    const rates = peerRates(
      vectorSearchResult([
        ['synthetic 1M', 'hnswlib-node', HNSW, 'ef=24', 4373, 'ef=48', 3404],
        ['synthetic 1M', 'hnswlib-node', 'M=32, efConstruction=200', 'ef=10', 1, 'ef=32', 1],
        ['synthetic 1M', 'usearch', USEARCH, 'ef=24', 2557, 'not reached', null],
        ['sample corpus, lexical', 'usearch', USEARCH, 'ef=24', 9, 'ef=48', 9],
      ]),
    );
    expect(rates).toEqual([
      {
        dataset: 'synthetic 1M',
        library: 'hnswlib-node',
        target: 0.95,
        setting: 'ef=24',
        qps: 4373,
      },
      {
        dataset: 'synthetic 1M',
        library: 'hnswlib-node',
        target: 0.99,
        setting: 'ef=48',
        qps: 3404,
      },
      { dataset: 'synthetic 1M', library: 'usearch', target: 0.95, setting: 'ef=24', qps: 2557 },
    ]);
  });

  it('reads the committed vector-search results', () => {
    const file = join(RESULTS_DIR, 'vector-search.json');
    const rates = peerRates(JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
    expect(new Set(rates.map((r) => r.library))).toEqual(new Set(['hnswlib-node', 'usearch']));
  });

  it('finds nothing without vector-search results', () => {
    expect(peerRates(null)).toEqual([]);
  });
});

describe('graphDecision', () => {
  it('keeps hnswlib-node when the parallel build answers fewer queries at the same recall', () => {
    const notes = graphDecision(graphRuns(0.8), peers(5000));
    expect(notes[0]).toContain('usearch, 2 threads 55 s (1.9 cores busy)');
    expect(notes[0]).toContain('1.82× as fast; usearch on one thread 100 s');
    expect(notes[1]).toContain(
      '0.95: hnswlib-node (the product) 5000 q/s (ef=16), usearch, 2 threads 4000 q/s',
    );
    expect(notes.at(-1)).toMatch(
      /^Decision: keep hnswlib-node: .*recall@10 0\.95 here; recall@10 0\.99 here/,
    );
  });

  it('keeps hnswlib-node when vector-search measured usearch slower at a larger size', () => {
    const notes = graphDecision(graphRuns(1.2), peers(2500));
    expect(notes[2]).toContain(
      'synthetic 1M at 0.95: hnswlib-node 4000 q/s (ef=24), usearch 2500 q/s',
    );
    expect(notes.at(-1)).toContain('recall@10 0.95 on synthetic 1M in vector-search.md');
    expect(notes.at(-1)).toMatch(/^Decision: keep hnswlib-node/);
  });

  it('calls the parallel build the winner only when it is faster everywhere', () => {
    const notes = graphDecision(graphRuns(1.2), peers(5000));
    expect(notes.at(-1)).toMatch(/^Decision: usearch with parallel insertion builds faster/);
    expect(notes[0]).not.toContain('understates');
  });

  it('says when the parallel build could not get its cores', () => {
    const runs = graphRuns(1.2);
    const starved = { ...runs[1], result: { ...(runs[1].result as AnnResult) } };
    starved.result.build = { ...starved.result.build, seconds: 110, cores: 1.02 };
    const notes = graphDecision([runs[0], starved, runs[2]], peers(5000));
    expect(notes[0]).toContain('Its 2 threads kept only 1.02 cores busy');
    expect(notes.at(-1)).toBe(
      'Decision: keep hnswlib-node: usearch with parallel insertion did not build faster on the cores it got.',
    );
  });

  it('decides nothing when the parallel build failed', () => {
    const runs = graphRuns(1);
    expect(graphDecision([runs[0], failedRun(), runs[2]], [])).toEqual([
      'No decision on the graph library: a build failed.',
    ]);
  });
});

const FREE: CoreProbe = { before: 'ingests, 100k papers', cores: 2, obtained: 1.98 };

describe('ingestDecision', () => {
  it('keeps the graph worker when it shortens the job', () => {
    const notes = ingestDecision(ingestComparison(80), FREE);
    expect(notes[0]).toContain('graph on a worker thread 80 s wall');
    expect(notes[0]).toContain('on the calling thread 100 s');
    expect(notes[1]).toMatch(/^Both modes published byte-identical graph files/);
    expect(notes[2]).toMatch(/^Decision: keep building the graph on a worker thread/);
  });

  it('says so when the worker does not help or the graphs differ', () => {
    const notes = ingestDecision(ingestComparison(110, false), null);
    expect(notes[1]).toMatch(/^The two modes published different graph files/);
    expect(notes[2]).toMatch(/^Decision: the worker thread did not shorten the job/);
  });

  it('decides nothing when the machine gave the benchmark no second core', () => {
    const notes = ingestDecision(ingestComparison(110), { ...FREE, obtained: 1.1 });
    expect(notes[2]).toMatch(
      /^No decision on the graph worker from this run: 2 threads .* got 1\.1 cores/,
    );
  });
});
