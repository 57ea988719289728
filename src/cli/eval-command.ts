import type { Command } from 'commander';
import type { Config } from '../config.js';
import {
  evaluate,
  unknownPapers,
  type GroupScores,
  type ModeReport,
  type Ranker,
} from '../eval/evaluate.js';
import { readJudgments } from '../eval/judgments.js';
import { createLogger } from '../logger.js';
import { NotFoundError } from '../search/errors.js';
import { DEFAULT_FUSION, FUSION_METHODS, type FusionMethod } from '../search/fusion.js';
import { RANK_MODES, type RankMode } from '../search/rank-mode.js';
import type { SearchService } from '../search/search-service.js';
import { openBackend } from '../index/backends.js';
import { loadIndex } from '../serving/index-loader.js';
import { oneOf, SAMPLE_INDEX, withBackendOption, withModelRuntimeOptions } from './options.js';

interface EvalFlags {
  index: string;
  backend: string;
  judgments: string;
  mode: RankMode | 'all';
  fusion: FusionMethod;
  json: boolean;
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
    .action((flags: EvalFlags) => runEval(flags, config));
}

async function runEval(flags: EvalFlags, config: Config): Promise<void> {
  const judgments = await readJudgments(flags.judgments);
  const log = createLogger(config.LOG_LEVEL, 'eval');
  const backend = await openBackend(
    { backend: flags.backend, index: flags.index },
    { filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW, log },
  );
  const loaded = await loadIndex(
    backend,
    {
      model: {
        modelsDir: flags.modelsDir,
        batchSize: config.PAPER_SEARCH_BATCH,
        threads: flags.threads,
      },
      queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
      filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
      fusion: flags.fusion,
    },
    log,
  );
  try {
    const { service } = loaded;
    const unknown = await unknownPapers(judgments, (id) => holds(service, id));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).join(', ');
      const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
      throw new Error(`${flags.judgments} names papers the index does not hold: ${shown}${more}`);
    }
    const modes = flags.mode === 'all' ? RANK_MODES : [flags.mode];
    const reports = await evaluate(judgments, rankerFor(service), modes);
    const about = { ...service.identity, judgments: flags.judgments, fusion: flags.fusion };
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ ...about, modes: reports }, null, 2)}\n`
        : formatReports(about, reports),
    );
  } finally {
    await loaded.close();
    await backend.close();
  }
}

/** Free-text cases are searched; related cases ask for the source paper's related papers. */
function rankerFor(service: SearchService): Ranker {
  return async (judgment, mode, k) => {
    const hits =
      judgment.kind === 'query'
        ? await service.search(judgment.query, { k, mode })
        : await service.related(judgment.paper, { k, mode });
    return hits.map((hit) => hit.id);
  };
}

async function holds(service: SearchService, id: string): Promise<boolean> {
  try {
    await service.paper(id);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

const COLUMNS = ['cases', 'n', 'nDCG@10', 'recall@10', 'recall@50', 'MRR'];

/** One table per mode: query cases, related cases, and all cases together. */
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
    for (const group of ['query', 'related', 'overall'] as const) {
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
