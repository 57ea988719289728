import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runInChild } from './child-runner.js';
import { formatCount } from './datasets.js';
import { QUERY_KINDS } from './lexical/bench-query.js';
import {
  LEXICAL_ENGINE_NAMES,
  LEXICAL_ENGINES,
  type BuildName,
  type LexicalEngineName,
} from './lexical/engine.js';
import { PRUNE_DF_SHARE } from './lexical/fts5-engine.js';
import type {
  BuildRecord,
  Latency,
  LexicalTask,
  QueriesRecord,
  SearchRecord,
} from './lexical/lexical-task.js';
import { sampleGuard, type SampleGuard } from './lexical/sample-guard.js';
import { WORK_DIR } from './project-root.js';
import type { Cell, Table } from '../../src/results/report.js';
import type { Benchmark, BenchOptions } from './runner.js';
import { round } from './stats.js';
import { writeSyntheticArxiv } from './synthetic-arxiv.js';
import { ensureDir, readJson, writeJson } from './work-files.js';
import { FUSION_DEPTH } from '../../src/search/fusion.js';
import { LIKE_POSTINGS_BUDGET } from './lexical/queries.js';

const SEED = 1;
const PLAN = {
  full: { sizes: [100_000, 1_000_000], text: 200, like: 100, warmup: 20 },
  quick: { sizes: [20_000], text: 60, like: 40, warmup: 10 },
};
/** k = 10 for a page of results, FUSION_DEPTH for the lexical half of a hybrid request. */
const KS = [10, FUSION_DEPTH];
const REFERENCE: LexicalEngineName = 'exhaustive';

interface SizeResult {
  size: number;
  queries: QueriesRecord;
  builds: Partial<Record<BuildName, BuildRecord>>;
  searches: Partial<Record<LexicalEngineName, SearchRecord | string>>;
}

export const lexicalEnginesBenchmark: Benchmark = {
  name: 'lexical-engines',
  title: 'Lexical engines: BM25 top-k on synthetic arXiv corpora',
  async run(options, log) {
    const plan = { ...(options.quick ? PLAN.quick : PLAN.full) };
    plan.sizes = options.sizes ?? plan.sizes;
    const engines = selectedEngines(options);
    const results: SizeResult[] = [];
    for (const size of plan.sizes) results.push(await runSize(size, plan, engines, options, log));
    log('quality guard on the sample corpus');
    const guard = await sampleGuard();
    return {
      parameters: {
        corpus: { generator: 'synthetic-arxiv', seed: SEED },
        engines,
        ks: KS,
        queries: { text: plan.text, like: plan.like, warmup: plan.warmup },
        sizes: plan.sizes,
        pruning: { freeTextMaxDfShare: PRUNE_DF_SHARE, likePostingsBudget: LIKE_POSTINGS_BUDGET },
        sqlite: sqliteVersion(),
      },
      tables: [
        corpusTable(results),
        buildTable(results),
        searchTable(results, engines),
        growthTable(results, engines),
        guardTable(guard),
      ],
      notes: notes(results, guard),
    };
  },
};

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

function selectedEngines(options: BenchOptions): LexicalEngineName[] {
  const wanted = options.engines?.filter((name) =>
    (LEXICAL_ENGINE_NAMES as string[]).includes(name),
  ) as LexicalEngineName[] | undefined;
  const engines = wanted?.length ? wanted : LEXICAL_ENGINE_NAMES;
  return engines.includes(REFERENCE) ? engines : [...engines, REFERENCE];
}

async function runSize(
  size: number,
  plan: (typeof PLAN)['full'],
  engines: LexicalEngineName[],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<SizeResult> {
  const dir = await ensureDir(join(WORK_DIR, 'lexical', `arxiv-${size}-s${SEED}`));
  const corpusFile = join(dir, 'corpus.jsonl');
  if (!existsSync(corpusFile)) {
    log(`corpus: generating ${formatCount(size)} synthetic arXiv records`);
    await writeSyntheticArxiv(corpusFile, { count: size, seed: SEED });
  }
  const builds: SizeResult['builds'] = {};
  const needed = new Set<BuildName>(['segments', ...engines.map((e) => LEXICAL_ENGINES[e])]);
  for (const build of needed)
    builds[build] = await ensureBuild(build, corpusFile, dir, options, log);

  const queriesFile = join(dir, `queries-${plan.text}-${plan.like}.json`);
  const recordFile = `${queriesFile}.record`;
  let queries = options.rebuild ? null : readJson<QueriesRecord>(recordFile);
  if (!queries || !existsSync(queriesFile)) {
    log(`${formatCount(size)}: drawing queries and measuring the corpus`);
    queries = await runInChild<QueriesRecord>({
      kind: 'lexical-queries',
      corpusFile,
      count: size,
      segmentsDir: join(dir, 'segments'),
      plan: { text: plan.text, like: plan.like, seed: SEED },
      out: queriesFile,
    } satisfies LexicalTask);
    await writeJson(recordFile, queries);
  }

  const searches: SizeResult['searches'] = {};
  for (const engine of engines) {
    log(`${formatCount(size)}: ${engine}`);
    const task: LexicalTask = {
      kind: 'lexical-search',
      engine,
      dir: join(dir, LEXICAL_ENGINES[engine]),
      queriesFile,
      ks: KS,
      warmup: plan.warmup,
    };
    try {
      searches[engine] = await runInChild<SearchRecord>(task, LANCE_ENV);
    } catch (error) {
      searches[engine] =
        `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    }
  }
  return { size, queries, builds, searches };
}

/** LanceDB searches on one thread, as every other engine does, and keeps its warnings quiet. */
const LANCE_ENV = { LANCE_CPU_THREADS: '1', LANCEDB_LOG: 'error' };
/**
 * LanceDB 0.30's full-text index build deadlocks with fewer CPU threads than its posting
 * writers need (it hangs after "writing N posting lists" on 2 cores; lance-format/lance#7350),
 * so builds get more threads than cores.
 */
const LANCE_BUILD_ENV = { LANCE_CPU_THREADS: '4', LANCEDB_LOG: 'error' };

async function ensureBuild(
  build: BuildName,
  corpusFile: string,
  dir: string,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<BuildRecord> {
  const recordFile = join(dir, `${build}.build.json`);
  const cached = options.rebuild ? null : readJson<BuildRecord>(recordFile);
  if (cached) return cached;
  log(`building ${build} from ${corpusFile.slice(WORK_DIR.length + 1)}`);
  const record = await runInChild<BuildRecord>(
    { kind: 'lexical-build', build, corpusFile, dir: join(dir, build) } satisfies LexicalTask,
    LANCE_BUILD_ENV,
  );
  await writeJson(recordFile, record);
  return record;
}

const ms = (value: number) => round(value, value < 1 ? 3 : value < 10 ? 2 : 1);
const pct = (values: number[]) => values.map((v) => round(100 * v, 3));

function corpusTable(results: SizeResult[]): Table {
  return {
    title: 'Corpora (analysed with the project analyser) and the document frequency of query terms',
    columns: [
      'papers',
      'analysed tokens',
      'vocabulary',
      'Heaps β',
      'Heaps K',
      'Zipf s (ranks ≤1k)',
      'Zipf s (tail)',
      'terms in one paper',
      'postings',
      'free-text term df % p10/p50/p90/p99/max',
      'like term df % p10/p50/p90/p99/max',
    ],
    rows: results.map(({ size, queries: { corpus, index, termShares } }) => [
      size,
      corpus.tokens,
      corpus.vocabulary,
      round(corpus.heaps.exponent, 3),
      round(corpus.heaps.k, 2),
      round(corpus.zipfHead.exponent, 3),
      round(corpus.zipfTail.exponent, 3),
      `${round(100 * corpus.hapaxShare, 1)}%`,
      index.postings,
      pct(termShares.text).join(' / '),
      pct(termShares.like).join(' / '),
    ]),
  };
}

function buildTable(results: SizeResult[]): Table {
  return {
    title: 'Builds (each in a fresh process, from the corpus file)',
    columns: ['build', 'papers', 'build s', 'build peak RSS MiB', 'disk MiB', 'load average'],
    rows: results.flatMap(({ size, builds }) =>
      Object.entries(builds).map(([name, b]) => [
        name,
        size,
        round(b.seconds, 1),
        Math.round(b.peakMiB),
        Math.round(b.diskMiB),
        b.loadAverage,
      ]),
    ),
  };
}

/** Mean share of the reference's top 10 found in the engine's top 10. */
function overlap(found: number[][], reference: number[][]): number {
  const shares = found.map((labels, i) => {
    const expected = new Set(reference[i]);
    if (expected.size === 0) return labels.length === 0 ? 1 : 0;
    return labels.filter((label) => expected.has(label)).length / expected.size;
  });
  return shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
}

function searchTable(results: SizeResult[], engines: LexicalEngineName[]): Table {
  const rows: Cell[][] = [];
  for (const { size, searches } of results) {
    const reference = searches[REFERENCE];
    const fts5 = searches.fts5;
    for (const engine of engines) {
      const record = searches[engine];
      for (const kind of QUERY_KINDS) {
        if (typeof record !== 'object' || !record) {
          rows.push([
            engine,
            size,
            kind,
            record ?? 'not run',
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
          continue;
        }
        const [small, deep] = KS.map((k) => record.latency[kind][k]);
        rows.push([
          engine,
          size,
          kind,
          Math.round(record.indexMiB),
          round(record.loadSeconds, 2),
          Math.round(record.rssMiB),
          ms(small.p50),
          ms(small.p99),
          ms(deep.p50),
          ms(deep.p99),
          typeof reference === 'object'
            ? round(overlap(record.top10[kind], reference.top10[kind]), 3)
            : null,
          typeof fts5 === 'object' ? round(overlap(record.top10[kind], fts5.top10[kind]), 3) : null,
          round(deep.mean, 2),
        ]);
      }
    }
  }
  return {
    title: `Search, one query at a time in process (k = ${KS[0]} and k = ${KS[1]}, the hybrid depth)`,
    columns: [
      'engine',
      'papers',
      'queries',
      'index MiB',
      'load s',
      'RSS MiB',
      `p50 ms k=${KS[0]}`,
      `p99 ms k=${KS[0]}`,
      `p50 ms k=${KS[1]}`,
      `p99 ms k=${KS[1]}`,
      'top-10 overlap with exhaustive BM25',
      'top-10 overlap with FTS5',
      `mean ms k=${KS[1]}`,
    ],
    rows,
  };
}

function growthTable(results: SizeResult[], engines: LexicalEngineName[]): Table {
  if (results.length < 2) return { title: 'Growth (needs two sizes)', columns: [], rows: [] };
  const [small, large] = [results[0], results[results.length - 1]];
  const rows: Cell[][] = [];
  for (const engine of engines) {
    const a = small.searches[engine];
    const b = large.searches[engine];
    if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) continue;
    for (const kind of QUERY_KINDS) {
      const k = KS[1];
      rows.push([
        engine,
        kind,
        round(b.latency[kind][k].p50 / a.latency[kind][k].p50, 2),
        round(b.latency[kind][k].p99 / a.latency[kind][k].p99, 2),
      ]);
    }
  }
  return {
    title: `Cost growth from ${formatCount(small.size)} to ${formatCount(large.size)} papers (k = ${KS[1]})`,
    columns: ['engine', 'queries', 'p50 ratio', 'p99 ratio'],
    rows,
  };
}

/**
 * What building in category order did to "more like this" (where it should matter most: a
 * paper's terms are its field's), stated as measured: a gain within run-to-run noise is not
 * a reason to change how builds are fed.
 */
function clusteredNote(
  corpusOrder: Latency,
  categoryOrder: Latency | null,
  fmt: (latency: Latency | null) => string,
): string {
  if (!categoryOrder) return 'The category-ordered build was not measured.';
  const change = Math.round(100 * (categoryOrder.p50 / corpusOrder.p50 - 1));
  const verdict =
    change <= -25
      ? 'a clear gain: full builds should feed papers grouped by primary category'
      : 'too small a difference to change how builds are fed (timings on this shared machine vary by more between runs)';
  return (
    `Built from papers grouped by primary category (block-max-wand-by-category: same engine and labels, only the order papers enter the segment), "more like this" takes ${fmt(categoryOrder)}, ` +
    `${change >= 0 ? '+' : ''}${change}% at p50 against corpus order: ${verdict}.`
  );
}

function guardTable(guard: SampleGuard): Table {
  return {
    title: 'Quality guard: sample corpus, judged free-text queries, lexical ranking only',
    columns: [
      'papers',
      'queries',
      'top-10 overlap with FTS5',
      'same top-10 set',
      'nDCG@10 FTS5',
      'nDCG@10 engine',
    ],
    rows: [
      [
        guard.papers,
        guard.queries,
        round(guard.overlap10, 3),
        guard.identical,
        round(guard.ndcg10.fts5, 4),
        round(guard.ndcg10.engine, 4),
      ],
    ],
  };
}

function notes(results: SizeResult[], guard: SampleGuard): string[] {
  return [
    ...choice(results),
    'Timings were taken on a shared 2-core machine while other work ran; each build records its load average.',
    'Every engine answers one query at a time on one thread (LanceDB with LANCE_CPU_THREADS=1); RSS is what opening the index and answering every query added to a fresh process. FTS5 and LanceDB read their files through the page cache, which RSS does not count; the segments are read into memory.',
    '"exhaustive" scores every posting of every term over the same typed-array postings: the reference. Block-max WAND and MaxScore are exact (the k kept are the exhaustive k, ties included), so their overlap with it is 1.',
    'FTS5 cannot weight query terms: its "more like this" is the OR of the 25 terms, hence its low overlap with the weighted reference. fts5-pruned is the service today: free text without terms in more than ' +
      `${100 * PRUNE_DF_SHARE}% of papers, "more like this" within ${LIKE_POSTINGS_BUDGET} postings.`,
    'LanceDB 0.30 full-text search supports per-column boosts (a sum of per-column BM25 scores, not one BM25 over column-weighted hits), per-term boosts in boolean queries and where-filters; its tokeniser, stemmer and stopwords differ from the analyser, so its overlap measures tokenisation as well as ranking. Its index build deadlocks on 2 cores unless LANCE_CPU_THREADS is raised (lance-format/lance#7350).',
    `Quality guard on the sample: top-10 overlap with FTS5 ${round(guard.overlap10, 3)} over ${guard.queries} judged queries (${guard.identical} identical top-10 sets); lexical-only nDCG@10 ${round(guard.ndcg10.engine, 4)} against FTS5's ${round(guard.ndcg10.fts5, 4)}.`,
  ];
}

/** The decision, with the numbers it rests on, from the largest corpus measured. */
function choice(results: SizeResult[]): string[] {
  const large = results[results.length - 1];
  const small = results[0];
  const at = (engine: LexicalEngineName, kind: 'text' | 'like', size = large) => {
    const record = size.searches[engine];
    return typeof record === 'object' && record ? record.latency[kind][KS[1]] : null;
  };
  const wand = { text: at('block-max-wand', 'text'), like: at('block-max-wand', 'like') };
  if (!wand.text || !wand.like) return ['Block-max WAND was not measured; no choice is made.'];
  const fmt = (latency: { p50: number; p99: number } | null) =>
    latency ? `p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms` : 'not measured';
  const growth = (kind: 'text' | 'like') => {
    const before = at('block-max-wand', kind, small);
    const after = at('block-max-wand', kind);
    if (!before || !after || small === large) return null;
    return `${round(after.p50 / before.p50, 2)}x at p50 and ${round(after.p99 / before.p99, 2)}x at p99 (${kind === 'text' ? 'free text' : 'like'})`;
  };
  const wandRecord = large.searches['block-max-wand'] as SearchRecord;
  const size = formatCount(large.size);
  const clustered = {
    text: at('block-max-wand-by-category', 'text'),
    like: at('block-max-wand-by-category', 'like'),
  };
  return [
    `Chosen: the segmented index with block-max WAND. At ${size} papers and k = ${KS[1]} (the hybrid depth) free text takes ${fmt(wand.text)} and "more like this" ${fmt(wand.like)}` +
      (growth('text') !== null
        ? `; from ${formatCount(small.size)} papers cost grows ${growth('text')} and ${growth('like')}, against a target of at most 3x`
        : '') +
      '. It is exact, scores every "more like this" term with its weight (no postings budget), and its filters score only the candidates of a selective filter.',
    clusteredNote(wand.like, clustered.like, fmt),
    `Against it at ${size}: FTS5 exhaustive free text ${fmt(at('fts5', 'text'))}, like ${fmt(at('fts5', 'like'))}; FTS5 pruned free text ${fmt(at('fts5-pruned', 'text'))}, like ${fmt(at('fts5-pruned', 'like'))}; LanceDB free text ${fmt(at('lancedb', 'text'))}, like ${fmt(at('lancedb', 'like'))}; MaxScore free text ${fmt(at('max-score', 'text'))}, like ${fmt(at('max-score', 'like'))} (slower on 25-term queries, so block-max WAND is the default).`,
    `Its cost is memory: the postings are held in typed arrays (${Math.round(wandRecord.rssMiB)} MiB resident at ${size}, loaded in ${round(wandRecord.loadSeconds, 2)} s), where FTS5 and LanceDB read through the page cache. Compressing document gaps per block and 8-bit frequencies would take about a third off; not done yet.`,
  ];
}
