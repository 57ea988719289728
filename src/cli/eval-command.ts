import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import { evaluate, type GroupScores, type ModeReport } from '../eval/evaluate.js';
import { readJudgments } from '../eval/judgments.js';
import { evaluateVariants, readJudgedSet, type EvalIndexOpener } from '../eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../eval/quality-report.js';
import { assertJudgedPapersHeld, serviceRanker } from '../eval/service-ranker.js';
import { DEFAULT_FUSION, FUSION_METHODS, type FusionMethod } from '../search/fusion.js';
import { RANK_MODES, type RankMode } from '../search/rank-mode.js';
import { openIndex } from './open-index.js';
import { oneOf, SAMPLE_INDEX, withBackendOption, withModelRuntimeOptions } from './options.js';

interface EvalFlags {
  index: string;
  backend: string;
  judgments: string;
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
    .requiredOption('--judgments <file>', 'judged cases, JSON Lines')
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
  const judgments = await readJudgments(flags.judgments);
  const loaded = await indexOpener(flags, config)(flags.fusion);
  try {
    const { service } = loaded;
    await assertJudgedPapersHeld(judgments, flags.judgments, service);
    const modes = flags.mode === 'all' ? RANK_MODES : [flags.mode];
    const reports = await evaluate(judgments, serviceRanker(service), modes);
    const about = { ...service.identity, judgments: flags.judgments, fusion: flags.fusion };
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
  const judged = await readJudgedSet(flags.judgments);
  const open = indexOpener(flags, config);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const command = `paper-search eval --index <index> --judgments ${flags.judgments} --out ${out}`;
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
