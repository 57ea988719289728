import type { Config } from '../config.js';
import { fieldMapFrom, parseFieldMapping, type FieldMapping } from '../corpus/field-map.js';
import { CORPUS_FORMATS, type CorpusFormat } from '../corpus/reader.js';
import type { EmbedderKind } from '../embed/embedder-factory.js';
import type { ModelDtype } from '../embed/model-files.js';
import { DEFAULT_EXACT_BELOW, validateHnswParams } from '../index/hnsw-params.js';
import type { ChangeItem } from '../ingest/apply-changes.js';
import { readChangeLists } from '../ingest/change-list.js';
import { runIngest, type IngestSummary } from '../ingest/ingest-job.js';
import { createProgressReporter } from '../ingest/progress.js';
import { createLogger } from '../logger.js';
import { InvalidArgumentError, type Command } from 'commander';
import {
  intInRange,
  oneOf,
  withBackendOption,
  withModelRuntimeOptions,
  backendFor,
} from './options.js';

interface IngestFlags {
  input?: string[];
  changes?: string[];
  index?: string;
  backend: string;
  format?: CorpusFormat;
  map: FieldMapping[];
  embedder: EmbedderKind;
  model: string;
  modelsDir: string;
  dtype: ModelDtype;
  batch: number;
  threads: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  exactBelow: number;
  keep: number;
  strict: boolean;
  allowDownload: boolean;
  update: boolean;
  rebuild: boolean;
  refit: boolean;
}

export function registerIngest(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('ingest'), config), config)
    .description('read paper records, embed them and publish a new index version')
    .option(
      '-i, --input <file...>',
      'input files (jsonl, json, csv, bib, ris, arXiv snapshot, Semantic Scholar, OpenAlex, listing .txt)',
    )
    .option(
      '--index <dir|name>',
      'index root to publish into (the index name with a postgres backend); required, or PAPER_SEARCH_INDEX',
      config.PAPER_SEARCH_INDEX,
    )
    .option('--format <format>', 'override format detection', oneOf(...CORPUS_FORMATS))
    .option(
      '--map <field=column>',
      'read a known field from this JSON/CSV field or column (repeatable)',
      collectMapping,
      [],
    )
    .option(
      '--embedder <kind>',
      'transformer, lexical, or auto',
      oneOf('transformer', 'lexical', 'auto'),
      config.PAPER_SEARCH_EMBEDDER,
    )
    .option('--model <id>', 'model id under the models folder', config.PAPER_SEARCH_MODEL)
    .option('--dtype <dtype>', 'fp32 or q8', oneOf('fp32', 'q8'), config.PAPER_SEARCH_DTYPE)
    .option('--batch <n>', 'embedding batch size', intInRange(1, 1024), config.PAPER_SEARCH_BATCH)
    .option('--m <n>', 'HNSW M', intInRange(2, 128), validateHnswParams({}).m)
    .option(
      '--ef-construction <n>',
      'HNSW efConstruction',
      intInRange(8, 4096),
      validateHnswParams({}).efConstruction,
    )
    .option(
      '--ef-search <n>',
      'HNSW default ef at query time',
      intInRange(1, 4096),
      validateHnswParams({}).efSearch,
    )
    .option(
      '--exact-below <n>',
      'use exact search below this many papers',
      intInRange(0, 10_000_000),
      DEFAULT_EXACT_BELOW,
    )
    .option(
      '--keep <n>',
      'published versions to keep',
      intInRange(1, 100),
      config.PAPER_SEARCH_KEEP_VERSIONS,
    )
    .option(
      '--changes <file...>',
      'with --update: apply change lists (JSON Lines of records to upsert and {"id", "deleted": true} removals) instead of reading --input; papers they do not name are left alone',
    )
    .option(
      '--update',
      'update the published version: known papers keep their labels, unchanged ones their embeddings; papers absent from the input are removed',
      false,
    )
    .option('--rebuild', 'with --update: rebuild the vector graph instead of changing it', false)
    .option('--refit', 'with --update: fit the lexical embedder again instead of keeping it', false)
    .option('--strict', 'fail on any skipped record or duplicate id', false)
    .option(
      '--allow-download',
      'fetch a missing model from the hub',
      config.PAPER_SEARCH_ALLOW_DOWNLOAD,
    )
    .action(async (flags: IngestFlags) => {
      if (!flags.index) {
        throw new InvalidArgumentError(
          'no index to publish into: pass --index <dir> (or set PAPER_SEARCH_INDEX)',
        );
      }
      const { inputs, changes } = sourcesOf(flags);
      const log = createLogger(config.LOG_LEVEL, 'ingest');
      const backend = await backendFor({ backend: flags.backend, index: flags.index }, config, log);
      const summary = await runIngest({
        inputs,
        changes,
        update: flags.update,
        rebuild: flags.rebuild,
        refit: flags.refit,
        format: flags.format,
        fieldMap: fieldMapFrom(flags.map),
        backend,
        embedder: flags.embedder,
        model: {
          model: flags.model,
          modelsDir: flags.modelsDir,
          dtype: flags.dtype,
          batchSize: flags.batch,
          threads: flags.threads,
          downloadFrom: flags.allowDownload ? config.HF_ENDPOINT : undefined,
        },
        hnsw: validateHnswParams({
          m: flags.m,
          efConstruction: flags.efConstruction,
          efSearch: flags.efSearch,
        }),
        exactBelow: flags.exactBelow,
        keepVersions: flags.keep,
        strict: flags.strict,
        log,
        progress: createProgressReporter(log, Boolean(process.stderr.isTTY)),
      }).finally(() => backend.close());
      log.info(summary, 'ingest complete');
      process.stdout.write(formatSummary(summary));
    });
}

/** The corpus files to read, or the change lists to apply: one or the other. */
function sourcesOf(flags: IngestFlags): { inputs: string[]; changes?: AsyncIterable<ChangeItem> } {
  if (flags.changes && flags.input) {
    throw new Error('pass --input or --changes, not both');
  }
  if (flags.changes) {
    if (!flags.update) throw new Error('--changes applies with --update');
    if (flags.format) throw new Error('--format does not apply to --changes');
    const fieldMap = fieldMapFrom(flags.map);
    return { inputs: flags.changes, changes: readChangeLists(flags.changes, { fieldMap }) };
  }
  if (!flags.input)
    throw new Error('nothing to read: pass --input <file...> (or --update --changes <file...>)');
  return { inputs: flags.input };
}

function collectMapping(spec: string, previous: FieldMapping[]): FieldMapping[] {
  try {
    return [...previous, parseFieldMapping(spec)];
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function formatSummary(s: IngestSummary): string {
  const skipped = Object.entries(s.skipped).map(([reason, n]) => `${reason}: ${n}`);
  const build =
    s.build.kind === 'update'
      ? `update of ${s.build.base}, vectors ${s.build.vectors === 'carried' ? 'changed in place' : 'rebuilt'}`
      : 'full build';
  const drift = s.lexicalDrift;
  return [
    `published ${s.version} at ${s.location} (${s.embedder}; ${build})`,
    `read ${s.read}, ingested ${s.ingested}, skipped ${skipped.length ? skipped.join(', ') : 0}, duplicates ${s.duplicates}`,
    ...s.audit,
    `added ${s.diff.added}, changed ${s.diff.changed}, unchanged ${s.diff.unchanged}, removed ${s.diff.removed}; merged ${s.mergedChanges} API change(s)`,
    `embedded ${s.embedded}, reused ${s.reusedEmbeddings}, carried ${s.carried}`,
    ...(drift
      ? [
          `lexical model: ${drift.reason}; drift: ${(drift.unseenShare * 100).toFixed(1)}% of papers unseen by the fit, ` +
            `vocabulary coverage ${drift.coverage?.toFixed(3) ?? 'n/a'} (at fit ${drift.baselineCoverage.toFixed(3)})`,
        ]
      : []),
    `${s.seconds.toFixed(2)} s, ${s.docsPerSecond.toFixed(1)} docs/s ` +
      `(embedder load ${s.embedderLoadSeconds.toFixed(2)} s, embed phase ${s.embedSeconds.toFixed(2)} s)`,
    '',
  ].join('\n');
}
