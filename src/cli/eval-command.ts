import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import { evaluate, type GroupScores, type ModeReport } from '../eval/evaluate.js';
import { readJudgments } from '../eval/judgments.js';
import { DEFAULT_SPLIT, readBeirCollection } from '../eval/beir.js';
import {
  evaluateCollection,
  DEFAULT_VARIANT,
  EXPANSION_VARIANTS,
  STANDARD_VARIANTS,
  TREC_MEASURES,
  type CollectionReport,
} from '../eval/collection-eval.js';
import { collectionOutcome } from '../eval/collection-report.js';
import type { EmbedderKind } from '../embed/embedder-factory.js';
import { createLogger } from '../logger.js';
import { ensureIndex } from '../serving/bootstrap-index.js';
import { evaluateVariants, readJudgedSet, type EvalIndexOpener } from '../eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../eval/quality-report.js';
import { assertJudgedPapersHeld, serviceRanker } from '../eval/service-ranker.js';
import { DEFAULT_FUSION, FUSION_METHODS, type FusionMethod } from '../search/fusion.js';
import { RANK_MODES, type RankMode } from '../search/rank-mode.js';
import { openIndex } from './open-index.js';
import {
  backendFor,
  oneOf,
  SAMPLE_INDEX,
  withBackendOption,
  withModelRuntimeOptions,
} from './options.js';

const BEIR_TITLE = 'Search quality on a judged collection in BEIR layout';

interface EvalFlags {
  index: string;
  backend: string;
  judgments?: string;
  beir?: string;
  split: string;
  embedder: EmbedderKind;
  model: string;
  mode: RankMode | 'all';
  fusion: FusionMethod;
  json: boolean;
  out?: string;
  modelsDir: string;
  threads: number;
}

export function registerEval(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('eval'), config), config)
    .description('score the ranking modes on judged queries and related-paper cases')
    .option(
      '--index <dir|name>',
      'index root (or one version directory); the index name with a postgres backend',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .option('--judgments <file>', 'judged cases, JSON Lines')
    .option(
      '--beir <dir>',
      'a judged collection in BEIR layout (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) instead of --judgments',
    )
    .option('--split <name>', 'with --beir: the qrels split to score', DEFAULT_SPLIT)
    .option(
      '--embedder <kind>',
      'with --beir: embedder for building the index from corpus.jsonl when none is published',
      oneOf('transformer', 'lexical', 'auto'),
      config.PAPER_SEARCH_EMBEDDER,
    )
    .option('--model <id>', 'with --beir: model for building the index', config.PAPER_SEARCH_MODEL)
    .option('--mode <mode>', 'all, semantic, lexical or hybrid', oneOf('all', ...RANK_MODES), 'all')
    .option(
      '--fusion <method>',
      'how hybrid fuses rankings',
      oneOf(...FUSION_METHODS),
      DEFAULT_FUSION,
    )
    .option('--json', 'print JSON instead of tables', false)
    .option(
      '--out <file.md>',
      'score every mode and fusion method and write a results file and its .json twin',
      markdownFile,
    )
    .action((flags: EvalFlags, command: Command) => {
      if (Boolean(flags.judgments) === Boolean(flags.beir)) {
        throw new Error('give one of --judgments <file> or --beir <dir>');
      }
      if (flags.beir) return runBeirEval({ ...flags, beir: flags.beir }, command, config);
      if (flags.out) {
        const chosen = ['mode', 'fusion', 'json'].filter(
          (name) => command.getOptionValueSource(name) === 'cli',
        );
        if (chosen.length > 0) {
          throw new Error(
            `--out scores every mode and fusion method; drop --${chosen.join(', --')}`,
          );
        }
        return writeQualityResults(flags, flags.out, config);
      }
      return runEval(flags, config);
    });
}

function markdownFile(value: string): string {
  if (!value.endsWith('.md')) throw new InvalidArgumentError(`expected a .md file, got "${value}"`);
  return value;
}

/** Opens the index named by the flags, with hybrid fusing by the method asked for. */
function indexOpener(flags: EvalFlags, config: Config): EvalIndexOpener {
  return (fusion) => openIndex(flags, config, 'eval', fusion);
}

async function runEval(flags: EvalFlags, config: Config): Promise<void> {
  const judgments = await readJudgments(flags.judgments!);
  const loaded = await indexOpener(flags, config)(flags.fusion);
  try {
    const { service } = loaded;
    await assertJudgedPapersHeld(judgments, flags.judgments!, service);
    const modes = flags.mode === 'all' ? RANK_MODES : [flags.mode];
    const reports = await evaluate(judgments, serviceRanker(service), modes);
    const about = { ...service.identity, judgments: flags.judgments!, fusion: flags.fusion };
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ ...about, modes: reports }, null, 2)}\n`
        : formatReports(about, reports),
    );
  } finally {
    await loaded.close();
  }
}

/** `eval --out`: the same figures as `npm run bench -- quality`, for any index and judged set. */
async function writeQualityResults(flags: EvalFlags, out: string, config: Config): Promise<void> {
  const { collectResult } = await import('../results/collect.js');
  const { writeResultFiles } = await import('../results/report.js');
  const judged = await readJudgedSet(flags.judgments!);
  const open = indexOpener(flags, config);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const command = `paper-search eval --index <index> --judgments ${flags.judgments!} --out ${out}`;
  const quality = {
    name: QUALITY_NAME,
    title: QUALITY_TITLE,
    run: async () => qualityOutcome(await evaluateVariants(judged, open)),
  };
  const result = await collectResult(quality, { quick: false, rebuild: false }, command, log);
  const files = await writeResultFiles(result, out.slice(0, -'.md'.length));
  log(`\nwrote ${files.join(', ')}`);
}

const COLUMNS = ['cases', 'n', 'nDCG@10', 'recall@10', 'recall@50', 'MRR'];

/** One table per mode: query cases (and each wording), related cases, and all cases. */
export function formatReports(
  about: { embedder: string; indexVersion: string; judgments: string; fusion: FusionMethod },
  reports: readonly ModeReport[],
): string {
  const lines = [
    `index ${about.indexVersion} (${about.embedder}), judgments ${about.judgments}`,
    '',
  ];
  for (const report of reports) {
    const fusion = report.mode === 'hybrid' ? ` (fusion: ${about.fusion})` : '';
    lines.push(`mode: ${report.mode}${fusion}`, row(COLUMNS));
    lines.push(row(['query', ...numbers(report.query)]));
    for (const [wording, scores] of Object.entries(report.byWording)) {
      lines.push(row([`  ${wording}`, ...numbers(scores)]));
    }
    for (const group of ['related', 'overall'] as const) {
      lines.push(row([group, ...numbers(report[group])]));
    }
    lines.push('');
  }
  return lines.join('\n');
}

function numbers(scores: GroupScores): string[] {
  const { cases, ndcg10, recall10, recall50, mrr } = scores;
  return [String(cases), ...[ndcg10, recall10, recall50, mrr].map((v) => v.toFixed(3))];
}

function row(cells: string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(8) : cell.padStart(10))).join('');
}

/**
 * `eval --beir`: scores a BEIR collection in each ranking setting on an index holding its
 * corpus, building that index from corpus.jsonl first when the index root has none.
 */
async function runBeirEval(
  flags: EvalFlags & { beir: string },
  command: Command,
  config: Config,
): Promise<void> {
  if (command.getOptionValueSource('index') === 'default') {
    throw new Error('--beir needs --index: the index holding (or to hold) the collection');
  }
  const chosen = ['mode', 'fusion'].filter((name) => command.getOptionValueSource(name) === 'cli');
  if (chosen.length > 0) {
    throw new Error(`--beir scores every ranking setting; drop --${chosen.join(', --')}`);
  }
  const collection = await readBeirCollection(flags.beir, flags.split);
  const log = createLogger(config.LOG_LEVEL, 'eval');
  const backend = await backendFor(flags, config, log);
  try {
    await ensureIndex({
      backend,
      corpus: collection.corpusFile,
      embedder: flags.embedder,
      model: {
        model: flags.model,
        modelsDir: flags.modelsDir,
        dtype: config.PAPER_SEARCH_DTYPE,
        batchSize: config.PAPER_SEARCH_BATCH,
        threads: flags.threads,
      },
      keepVersions: config.PAPER_SEARCH_KEEP_VERSIONS,
      log,
    });
  } finally {
    await backend.close();
  }
  const loaded = await openIndex(flags, config, 'eval');
  let report: CollectionReport;
  try {
    report = await evaluateCollection(collection, loaded.service, [
      ...STANDARD_VARIANTS,
      ...EXPANSION_VARIANTS,
    ]);
  } finally {
    await loaded.close();
  }
  if (flags.out) return writeBeirResults(flags, flags.out, report);
  process.stdout.write(
    flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatCollectionReport(report),
  );
}

async function writeBeirResults(
  flags: EvalFlags & { beir: string },
  out: string,
  report: CollectionReport,
): Promise<void> {
  const { collectResult } = await import('../results/collect.js');
  const { writeResultFiles } = await import('../results/report.js');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const command = `paper-search eval --beir ${flags.beir} --split ${flags.split} --index <index> --out ${out}`;
  const outcome = collectionOutcome([report], DEFAULT_VARIANT);
  const bench = { name: `beir-${report.collection}`, title: BEIR_TITLE, run: async () => outcome };
  const result = await collectResult(bench, { quick: false, rebuild: false }, command, log);
  const files = await writeResultFiles(result, out.slice(0, -'.md'.length));
  log(`\nwrote ${files.join(', ')}`);
}

/** One row per ranking setting, every measure. */
export function formatCollectionReport(report: CollectionReport): string {
  const lines = [
    `index ${report.indexVersion} (${report.embedder}), collection ${report.collection}, ` +
      `split ${report.split}, ${report.queries} queries`,
    `default hybrid: ${report.fusion.method} fusion, semantic weight ${report.fusion.semanticWeight}` +
      (report.fusion.fitted ? ' (fitted to the corpus at ingest)' : ' (equal weights)'),
    '',
    ['ranking'.padEnd(20), ...TREC_MEASURES.map((m) => m.label.padStart(10))].join(''),
  ];
  for (const variant of report.variants) {
    const cells = TREC_MEASURES.map((m) => variant.mean[m.key].toFixed(3).padStart(10));
    lines.push([variant.label.padEnd(20), ...cells].join(''));
  }
  return `${lines.join('\n')}\n`;
}
