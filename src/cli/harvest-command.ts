import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import type { EmbedderKind } from '../embed/embedder-factory.js';
import type { ModelDtype } from '../embed/model-files.js';
import type { Backend } from '../index/backend.js';
import { DEFAULT_EXACT_BELOW, validateHnswParams } from '../index/hnsw-params.js';
import type { HarvestStates } from '../index/manifest.js';
import {
  ARXIV_OAI_ENDPOINT,
  arxivSource,
  OPENALEX_ENDPOINT,
  openAlexSource,
  type HarvestSource,
} from '../harvest/harvest-source.js';
import { harvestStates, runHarvest, type HarvestSummary } from '../harvest/harvest-job.js';
import { DEFAULT_POLITENESS, PoliteClient } from '../harvest/polite-http.js';
import { createProgressReporter } from '../ingest/progress.js';
import { createLogger } from '../logger.js';
import {
  backendFor,
  intInRange,
  oneOf,
  withBackendOption,
  withModelRuntimeOptions,
} from './options.js';

interface HarvestFlags {
  index?: string;
  out?: string;
  status: boolean;
  backend: string;
  endpoint?: string;
  set?: string;
  filter?: string;
  mailto?: string;
  from?: string;
  until?: string;
  delay: number;
  retries: number;
  backoff: number;
  pagesPerUpdate: number;
  perPage: number;
  embedder: EmbedderKind;
  model: string;
  modelsDir: string;
  dtype: ModelDtype;
  batch: number;
  threads: number;
  keep: number;
  exactBelow: number;
}

const SOURCES = ['arxiv', 'openalex'] as const;
type SourceName = (typeof SOURCES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `paper-search harvest arxiv|openalex`: pull what changed at the source into an index. */
export function registerHarvest(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('harvest'), config), config)
    .description(
      'fetch new, changed and deleted papers from arXiv (OAI-PMH) or OpenAlex and apply them to an index',
    )
    .argument('<source>', 'arxiv or openalex', oneOf(...SOURCES))
    .option(
      '--index <dir|name>',
      'index to update (created if missing; the index name with a postgres backend)',
      config.PAPER_SEARCH_INDEX,
    )
    .option('--out <file>', 'write the changes as a change list instead of applying them')
    .option('--status', 'print what the index has harvested so far, and exit', false)
    .option('--endpoint <url>', 'the source base URL (a mirror, or a local server in tests)')
    .option('--set <spec>', 'arxiv: an OAI-PMH set such as cs or physics:hep-th')
    .option('--filter <filter>', 'openalex: a works filter, e.g. primary_topic.field.id:17')
    .option('--mailto <email>', "openalex: your address, for OpenAlex's polite pool")
    .option('--from <date>', 'harvest records changed from this day (YYYY-MM-DD)', isoDay)
    .option('--until <date>', 'harvest records changed until this day (YYYY-MM-DD)', isoDay)
    .option(
      '--delay <ms>',
      'pause between requests, as the source asks',
      intInRange(0, 600_000),
      DEFAULT_POLITENESS.delayMs,
    )
    .option(
      '--retries <n>',
      'tries after a transient failure',
      intInRange(0, 100),
      DEFAULT_POLITENESS.retries,
    )
    .option(
      '--backoff <ms>',
      'first wait after a failure without Retry-After; doubles per try',
      intInRange(0, 600_000),
      DEFAULT_POLITENESS.backoffMs,
    )
    .option(
      '--pages-per-update <n>',
      'pages applied together: a killed harvest loses at most these',
      intInRange(1, 10_000),
      5,
    )
    .option('--per-page <n>', 'openalex: works per page', intInRange(1, 200), 200)
    .option(
      '--embedder <kind>',
      'transformer, lexical, or auto (for a new index)',
      oneOf('transformer', 'lexical', 'auto'),
      config.PAPER_SEARCH_EMBEDDER,
    )
    .option('--model <id>', 'model id under the models folder', config.PAPER_SEARCH_MODEL)
    .option('--dtype <dtype>', 'fp32 or q8', oneOf('fp32', 'q8'), config.PAPER_SEARCH_DTYPE)
    .option('--batch <n>', 'embedding batch size', intInRange(1, 1024), config.PAPER_SEARCH_BATCH)
    .option(
      '--keep <n>',
      'published versions to keep',
      intInRange(1, 100),
      config.PAPER_SEARCH_KEEP_VERSIONS,
    )
    .option(
      '--exact-below <n>',
      'use exact search below this many papers',
      intInRange(0, 10_000_000),
      DEFAULT_EXACT_BELOW,
    )
    .action(async (name: SourceName, flags: HarvestFlags, command: Command) => {
      const log = createLogger(config.LOG_LEVEL, 'harvest');
      // PAPER_SEARCH_INDEX names the index by default; --out asks for a change list instead.
      if (flags.out && command.getOptionValueSource('index') !== 'cli') flags.index = undefined;
      if (!flags.index && !flags.out) {
        throw new Error('nowhere to put the changes: pass --index <dir|name> or --out <file>');
      }
      if (flags.index && flags.out) throw new Error('pass --index or --out, not both');
      const report = (line: string) => process.stderr.write(`${line}\n`);
      const client = new PoliteClient({
        ...DEFAULT_POLITENESS,
        delayMs: flags.delay,
        retries: flags.retries,
        backoffMs: flags.backoff,
        userAgent: `paper-search${flags.mailto ? ` (mailto:${flags.mailto})` : ''}`,
        onWait: (ms, reason) => {
          if (reason !== 'delay between requests')
            report(`waiting ${(ms / 1000).toFixed(1)} s: ${reason}`);
        },
      });
      const source = sourceFor(name, flags, client);
      const backend = flags.index
        ? await backendFor({ backend: flags.backend, index: flags.index }, config, log)
        : null;
      try {
        if (flags.status) {
          if (!backend) throw new Error('--status reads an index: pass --index');
          process.stdout.write(formatStates(await harvestStates(backend)));
          return;
        }
        const summary = await runHarvest({
          source,
          out: flags.out,
          index: backend ? applySettings(flags, backend, config, log) : undefined,
          from: flags.from,
          until: flags.until,
          pagesPerUpdate: flags.pagesPerUpdate,
          report,
        });
        process.stdout.write(formatHarvestSummary(summary, flags.out));
      } finally {
        await backend?.close();
      }
    });
}

function sourceFor(name: SourceName, flags: HarvestFlags, client: PoliteClient): HarvestSource {
  if (name === 'arxiv') {
    if (flags.filter) throw new Error('--filter applies to openalex; arxiv takes --set');
    return arxivSource(client, {
      endpoint: flags.endpoint ?? ARXIV_OAI_ENDPOINT,
      set: flags.set ?? null,
    });
  }
  if (flags.set) throw new Error('--set applies to arxiv; openalex takes --filter');
  return openAlexSource(client, {
    endpoint: flags.endpoint ?? OPENALEX_ENDPOINT,
    filter: flags.filter ?? null,
    mailto: flags.mailto ?? null,
    perPage: flags.perPage,
  });
}

function applySettings(
  flags: HarvestFlags,
  backend: Backend,
  config: Config,
  log: ReturnType<typeof createLogger>,
) {
  return {
    backend,
    embedder: flags.embedder,
    model: {
      model: flags.model,
      modelsDir: flags.modelsDir,
      dtype: flags.dtype,
      batchSize: flags.batch,
      threads: flags.threads,
      downloadFrom: config.PAPER_SEARCH_ALLOW_DOWNLOAD ? config.HF_ENDPOINT : undefined,
    },
    hnsw: validateHnswParams({}),
    exactBelow: flags.exactBelow,
    keepVersions: flags.keep,
    strict: false,
    log,
    progress: createProgressReporter(log, false),
  };
}

function isoDay(value: string): string {
  if (!DATE.test(value))
    throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  return value;
}

export function formatHarvestSummary(s: HarvestSummary, out?: string): string {
  const lines = [
    `${s.key}: ${s.pages} page(s), ${s.records} record(s) (${s.deletions} deletions), ${s.skipped} skipped`,
  ];
  if (s.diff) {
    const { added, changed, removed, unchanged } = s.diff;
    lines.push(`added ${added}, changed ${changed}, removed ${removed}, unchanged ${unchanged}`);
    lines.push(s.versions.length ? `published ${s.versions.join(', ')}` : 'nothing to publish');
  }
  if (out) lines.push(`wrote ${s.records} change(s) to ${out}`);
  if (s.state)
    lines.push(
      ...formatStates({ [s.key]: s.state })
        .trimEnd()
        .split('\n'),
    );
  return `${lines.join('\n')}\n`;
}

function formatStates(states: HarvestStates): string {
  const keys = Object.keys(states).sort();
  if (keys.length === 0) return 'nothing harvested into this index yet\n';
  return keys
    .map((key) => {
      const { through, resume, harvestedAt, records } = states[key];
      const where = resume
        ? `interrupted; resumes with a kept token (window from ${resume.from ?? 'the beginning'})`
        : `next run asks from ${through ?? 'the beginning'}`;
      return `${key}: through ${through ?? '-'}, ${records} record(s) applied, last at ${harvestedAt}; ${where}\n`;
    })
    .join('');
}
