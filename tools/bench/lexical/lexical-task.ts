import { readFile, rm } from 'node:fs/promises';
import { analyze } from '../../../src/embed/text-analyzer.js';
import { CorpusStatisticsCollector, type CorpusStatistics } from '../corpus-statistics.js';
import { directoryBytes } from '../disk.js';
import { loadAverage } from '../../../src/results/machine.js';
import { peakRssMiB, resetPeak, rssMiB, settle } from '../memory.js';
import { median, percentile } from '../stats.js';
import { ensureDir } from '../work-files.js';
import { QUERY_KINDS, type BenchQuery, type QuerySet } from './bench-query.js';
import { labelledPapers } from './corpus.js';
import { BUILDERS, type BuildName, type LexicalEngineName } from './engine.js';
import { createLexicalEngine } from './engines.js';
import { buildQueries, type QueryPlan } from './queries.js';
import { SegmentEngine } from './segment-engine.js';

/**
 * Child-process tasks of the lexical benchmark, each in a fresh process so its memory readings
 * are its own: building one engine's index, drawing the queries (and the corpus' statistics),
 * and opening an index to time queries.
 */
export type LexicalTask =
  | { kind: 'lexical-build'; build: BuildName; corpusFile: string; dir: string }
  | {
      kind: 'lexical-queries';
      corpusFile: string;
      count: number;
      segmentsDir: string;
      plan: QueryPlan;
      out: string;
    }
  | {
      kind: 'lexical-search';
      engine: LexicalEngineName;
      dir: string;
      queriesFile: string;
      ks: number[];
      warmup: number;
    };

export interface BuildRecord {
  seconds: number;
  /** Peak resident memory during the build, above the bare process (MiB). */
  peakMiB: number;
  diskMiB: number;
  builtAt: string;
  loadAverage: number;
}

export interface QueriesRecord {
  corpus: CorpusStatistics;
  index: { terms: number; postings: number };
  /** Document frequency shares of the query terms, per kind: p10, p50, p90, p99, max. */
  termShares: Record<'text' | 'like', number[]>;
}

export interface Latency {
  p50: number;
  p99: number;
  mean: number;
}

export interface SearchRecord {
  loadSeconds: number;
  /** The full-text index on disk (for FTS5, its tables only, without the papers). */
  indexMiB: number;
  /** Resident memory added by opening the index and answering every query (MiB). */
  rssMiB: number;
  /** Per query kind and k. */
  latency: Record<string, Record<number, Latency>>;
  /** Each query's top 10, per kind, for overlap with a reference. */
  top10: Record<string, number[][]>;
}

export async function runLexicalTask(task: LexicalTask): Promise<unknown> {
  switch (task.kind) {
    case 'lexical-build':
      return build(task);
    case 'lexical-queries':
      return queries(task);
    case 'lexical-search':
      return search(task);
  }
}

async function build(task: Extract<LexicalTask, { kind: 'lexical-build' }>): Promise<BuildRecord> {
  await rm(task.dir, { recursive: true, force: true });
  await ensureDir(task.dir);
  await settle();
  const baseline = rssMiB();
  resetPeak();
  const startedAt = performance.now();
  const engine = createLexicalEngine(BUILDERS[task.build]);
  await engine.build(labelledPapers(task.corpusFile), task.dir);
  return {
    seconds: (performance.now() - startedAt) / 1000,
    peakMiB: peakRssMiB() - baseline,
    diskMiB: directoryBytes(task.dir) / 2 ** 20,
    builtAt: new Date().toISOString(),
    loadAverage: loadAverage(),
  };
}

async function queries(
  task: Extract<LexicalTask, { kind: 'lexical-queries' }>,
): Promise<QueriesRecord> {
  const engine = new SegmentEngine('exhaustive');
  await engine.open(task.segmentsDir);
  const index = engine.opened();
  const set = await buildQueries(task.corpusFile, task.count, task.plan, index, task.out);
  const collector = new CorpusStatisticsCollector();
  for await (const { paper } of labelledPapers(task.corpusFile)) {
    collector.add([...analyze(paper.title), ...analyze(paper.abstract)]);
  }
  const stats = index.scoringStatistics;
  const shares = (list: BenchQuery[]) => {
    const values = list.flatMap((q) =>
      q.terms.map((t) => stats.documentFrequency(t.stem) / stats.documents),
    );
    return [10, 50, 90, 99, 100].map((p) => percentile(values, p));
  };
  let terms = 0;
  let postings = 0;
  for (const { segment } of index.segments) {
    terms += segment.termCount;
    postings += segment.postings;
  }
  return {
    corpus: collector.result(),
    index: { terms, postings },
    termShares: { text: shares(set.text), like: shares(set.like) },
  };
}

async function search(
  task: Extract<LexicalTask, { kind: 'lexical-search' }>,
): Promise<SearchRecord> {
  const set = JSON.parse(await readFile(task.queriesFile, 'utf8')) as QuerySet;
  await settle();
  const baseline = rssMiB();
  const engine = createLexicalEngine(task.engine);
  const startedAt = performance.now();
  await engine.open(task.dir);
  const loadSeconds = (performance.now() - startedAt) / 1000;
  const indexMiB = (engine.indexBytes?.() ?? directoryBytes(task.dir)) / 2 ** 20;
  const latency: SearchRecord['latency'] = {};
  const top10: SearchRecord['top10'] = {};
  for (const kind of QUERY_KINDS) {
    const list = set[kind];
    for (const query of list.slice(0, task.warmup)) await engine.search(query, 10);
    latency[kind] = {};
    for (const k of task.ks) {
      const times: number[] = [];
      const found: number[][] = [];
      for (const query of list) {
        const begin = performance.now();
        const labels = await engine.search(query, k);
        times.push(performance.now() - begin);
        found.push(labels.slice(0, 10));
      }
      latency[kind][k] = {
        p50: median(times),
        p99: percentile(times, 99),
        mean: times.reduce((a, b) => a + b, 0) / times.length,
      };
      if (k === Math.min(...task.ks)) top10[kind] = found;
    }
  }
  await settle();
  const rss = rssMiB() - baseline;
  await engine.close();
  return { loadSeconds, indexMiB, rssMiB: rss, latency, top10 };
}
