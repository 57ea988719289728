import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import type { Config } from '../config.js';
import { paperRecord } from '../corpus/paper.js';
import { toBibtex } from '../export/bibtex-writer.js';
import { readLibraryText, type LibraryFormat } from '../search/library-import.js';
import { libraryEntry, type UnmatchedReference } from '../search/library.js';
import { referenceFromString, type LibraryReference } from '../search/library-reference.js';
import { RANK_MODES, DEFAULT_MODE, type RankMode } from '../search/rank-mode.js';
import {
  DEFAULT_STRATEGY,
  RECOMMEND_STRATEGIES,
  type RecommendStrategy,
} from '../search/recommend-strategies.js';
import { EmptyLibraryError } from '../search/errors.js';
import type { Recommendation } from '../search/search-service.js';
import { openIndex } from './open-index.js';
import {
  intInRange,
  oneOf,
  SAMPLE_INDEX,
  withBackendOption,
  withModelRuntimeOptions,
} from './options.js';

interface RecommendFlags {
  index: string;
  backend: string;
  library: string;
  since?: string;
  until?: string;
  k: number;
  mode: RankMode;
  strategy: RecommendStrategy;
  format: 'table' | 'json' | 'bibtex';
  modelsDir: string;
  threads: number;
}

/**
 * A command has no request timeout: it reads libraries far larger than one HTTP request may
 * send, papers the index lacks embedded in one go.
 */
export const CLI_MAX_LIBRARY = 20_000;

/** Library files by extension: reference-manager exports, or one reference per line. */
const LIBRARY_EXTENSIONS: Readonly<Record<string, LibraryFormat | 'lines'>> = {
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.ris': 'ris',
  '.txt': 'lines',
};

export function registerRecommend(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('recommend'), config), config)
    .description('recommend papers like a library (a digest of new papers with --since)')
    .option(
      '--index <dir|name>',
      'index root (or one version directory); the index name with a postgres backend',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .requiredOption(
      '--library <file>',
      'the library: .bib, .ris, or .txt with one id, doi:…, arxiv:… or title per line',
    )
    .option('--since <date>', 'only papers published on or after this date (YYYY-MM-DD)', isoDate)
    .option('--until <date>', 'only papers published on or before this date (YYYY-MM-DD)', isoDate)
    .option('--k <n>', 'how many papers', intInRange(1, 1000), 20)
    .option('--mode <mode>', 'semantic, lexical or hybrid', oneOf(...RANK_MODES), DEFAULT_MODE)
    .option(
      '--strategy <name>',
      `how the library is combined: ${RECOMMEND_STRATEGIES.join(', ')}`,
      oneOf(...RECOMMEND_STRATEGIES),
      DEFAULT_STRATEGY,
    )
    .option('--format <format>', 'table, json or bibtex', oneOf('table', 'json', 'bibtex'), 'table')
    .action((flags: RecommendFlags) => recommend(flags, config));
}

async function recommend(flags: RecommendFlags, config: Config): Promise<void> {
  if (flags.since && flags.until && flags.since > flags.until) {
    throw new Error(`--since ${flags.since} is after --until ${flags.until}`);
  }
  const { references, unreadable } = await readLibraryFile(flags.library);
  const loaded = await openIndex(flags, config, 'recommend');
  try {
    const { service } = loaded;
    const recommendation = await service
      .recommend({
        positive: [],
        negative: [],
        library: references,
        unreadable,
        k: flags.k,
        mode: flags.mode,
        strategy: flags.strategy,
        filters:
          flags.since || flags.until ? { since: flags.since, until: flags.until } : undefined,
      })
      .catch((error: unknown) => {
        if (error instanceof EmptyLibraryError) reportUnmatched(flags.library, error.unmatched);
        throw error;
      });
    reportUnmatched(flags.library, recommendation.unmatched);
    const papers = await service.papers(recommendation.results.map((r) => r.id));
    process.stdout.write(
      flags.format === 'bibtex'
        ? toBibtex(papers.map(paperRecord))
        : flags.format === 'json'
          ? `${JSON.stringify(asJson(recommendation), null, 2)}\n`
          : table(recommendation),
    );
  } finally {
    await loaded.close();
  }
}

async function readLibraryFile(
  file: string,
): Promise<{ references: LibraryReference[]; unreadable: UnmatchedReference[] }> {
  const kind = LIBRARY_EXTENSIONS[extname(file).toLowerCase()];
  if (!kind) {
    throw new Error(
      `${file}: expected a library file ending in ${Object.keys(LIBRARY_EXTENSIONS).join(', ')}`,
    );
  }
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new Error(`${file}: cannot read the library file`, { cause: error });
  });
  if (kind !== 'lines') return readLibraryText(text, kind, CLI_MAX_LIBRARY);
  const lines = text.split(/\r\n|\r|\n/);
  const references = lines.flatMap((line, i) => {
    const value = line.trim();
    return value && !value.startsWith('#')
      ? [{ ...referenceFromString(value, i), line: i + 1 }]
      : [];
  });
  return { references, unreadable: [] };
}

/** Each unused reference as `file:line: reason` (the entry number where there is no line). */
function reportUnmatched(file: string, unmatched: readonly UnmatchedReference[]): void {
  for (const entry of unmatched) {
    const where = entry.line === undefined ? `entry ${entry.index + 1}` : String(entry.line);
    process.stderr.write(`${file}:${where}: ${entry.reason}\n`);
  }
}

function asJson({ results, library, unmatched }: Recommendation) {
  return { results, library: library.map(libraryEntry), unmatched };
}

function table({ results, library }: Recommendation): string {
  const lines = [`${results.length} papers like the ${library.length} of the library`, ''];
  results.forEach((hit, i) => {
    const date = hit.published ?? '          ';
    lines.push(`${String(i + 1).padStart(3)}  ${hit.score.toFixed(3)}  ${date}  ${hit.title}`);
    const near = hit.closest[0];
    if (near) lines.push(`${' '.repeat(24)}closest: ${near.title} (${near.score.toFixed(3)})`);
  });
  return `${lines.join('\n')}\n`;
}

function isoDate(value: string): string {
  if (!z.iso.date().safeParse(value).success) {
    throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${value}"`);
  }
  return value;
}
