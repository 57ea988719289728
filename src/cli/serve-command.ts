import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { foldPolicy, type Config } from '../config.js';
import type { EmbedderKind } from '../embed/embedder-factory.js';
import { createLogger } from '../logger.js';
import { accessPolicyFromConfig } from '../server/access-policy.js';
import { createApp } from '../server/app.js';
import { ServiceMetrics } from '../server/metrics.js';
import { shutdownOnSignals, startServer } from '../server/server.js';
import { ensureIndex } from '../serving/bootstrap-index.js';
import { IndexHolder } from '../serving/index-holder.js';
import { loadIndex } from '../serving/index-loader.js';
import { PaperWriter } from '../serving/paper-writer.js';
import { reloadOnTriggers } from '../serving/reload-triggers.js';
import { FoldProcess } from '../serving/fold-process.js';
import { WriteFolder } from '../serving/write-folding.js';
import {
  intInRange,
  weightBetween0And1,
  oneOf,
  SAMPLE_INDEX,
  withBackendOption,
  withModelRuntimeOptions,
  backendFor,
} from './options.js';

interface ServeFlags {
  index: string;
  backend: string;
  port: number;
  host: string;
  modelsDir: string;
  threads: number;
  batch: number;
  bootstrap?: string | true;
  embedder: EmbedderKind;
  model: string;
  foldWritesAfter: number;
  foldWritesAge: number;
  semanticWeight?: number;
}

export function registerServe(program: Command, config: Config): void {
  withBackendOption(withModelRuntimeOptions(program.command('serve'), config), config)
    .description('serve an index over HTTP')
    .option(
      '--index <dir|name>',
      'index root (or one version directory) to serve; the index name with a postgres backend',
      config.PAPER_SEARCH_INDEX ?? SAMPLE_INDEX,
    )
    .option('--port <n>', 'port to listen on', intInRange(0, 65535), config.PORT)
    .option('--host <host>', 'address to bind', config.HOST)
    .option('--batch <n>', 'embedding batch size', intInRange(1, 1024), config.PAPER_SEARCH_BATCH)
    .option(
      '--bootstrap [corpus]',
      `build the index from a corpus first when none is published (default ${config.PAPER_SEARCH_SAMPLE})`,
    )
    .option(
      '--embedder <kind>',
      'embedder for --bootstrap: transformer, lexical, or auto',
      oneOf('transformer', 'lexical', 'auto'),
      config.PAPER_SEARCH_EMBEDDER,
    )
    .option('--model <id>', 'model for --bootstrap', config.PAPER_SEARCH_MODEL)
    .option(
      '--fold-writes-after <n>',
      'publish API writes as a new index version once this many are held in memory (0: by age only)',
      intInRange(0, 1_000_000),
      config.PAPER_SEARCH_FOLD_WRITES_AFTER,
    )
    .option(
      '--fold-writes-age <seconds>',
      'publish them once held this long (0: by count only)',
      intInRange(0, 2_592_000),
      config.PAPER_SEARCH_FOLD_WRITES_AGE_S,
    )
    .option(
      '--semantic-weight <w>',
      "hybrid's semantic weight, 0 to 1, instead of the one each index fitted at ingest",
      weightBetween0And1,
    )
    .action((flags: ServeFlags) => serve(flags, config));
}

async function serve(flags: ServeFlags, config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL, 'serve');
  const model = {
    model: flags.model,
    modelsDir: flags.modelsDir,
    dtype: config.PAPER_SEARCH_DTYPE,
    batchSize: flags.batch,
    threads: flags.threads,
  };
  const backend = await backendFor(flags, config, log);
  if (flags.bootstrap) {
    await ensureIndex({
      backend,
      corpus: flags.bootstrap === true ? config.PAPER_SEARCH_SAMPLE : flags.bootstrap,
      embedder: flags.embedder,
      model,
      keepVersions: config.PAPER_SEARCH_KEEP_VERSIONS,
      log,
    });
  }
  // Created before the holder so every index version it loads reports its query embeddings.
  const metrics = new ServiceMetrics();
  const changes = await backend.changeLog();
  if (!changes) log.warn('no change log: POST /papers and DELETE /papers/:id are disabled');
  const holder = new IndexHolder(
    backend,
    (previous) =>
      loadIndex(
        backend,
        {
          model,
          queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
          filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
          onEmbedBatch: metrics.observeEmbedBatch,
          semanticWeight: flags.semanticWeight,
        },
        log,
        { previous, changes },
      ),
    (error) => log.error({ err: error }, 'closing a retired index failed'),
  );
  const folder = changes && writeFolder(holder, flags, config, log);
  const app = createApp({
    holder,
    log,
    limits: { maxQueryChars: config.PAPER_SEARCH_MAX_QUERY_CHARS },
    metrics,
    access: accessPolicyFromConfig(config),
    writer: changes && new PaperWriter(holder, changes, folder),
  });
  // Listen first so /health answers (and /ready says 503) while the index loads.
  const running = await startServer({
    app,
    holder,
    host: flags.host,
    port: flags.port,
    log,
    graceMs: config.PAPER_SEARCH_SHUTDOWN_GRACE_MS,
    requestTimeoutMs: config.PAPER_SEARCH_REQUEST_TIMEOUT_MS,
    release: async () => {
      await folder?.stop();
      await changes?.close();
      await backend.close();
    },
  });
  shutdownOnSignals(running, log);
  reloadOnTriggers(holder, log, {
    backend,
    watch: config.PAPER_SEARCH_WATCH_INDEX,
    debounceMs: config.PAPER_SEARCH_WATCH_DEBOUNCE_MS,
  });
  folder?.start();
  try {
    await holder.load();
  } catch (error) {
    await running.shutdown('index failed to load');
    throw error;
  }
}

/**
 * Folds API writes into new versions in a child process (`paper-search fold`) at a lower
 * priority, with one thread: on a small machine the other core keeps answering requests.
 * The index and backend travel in the environment, so a database password is not on the
 * process list. Null when folding is off (count and age both 0).
 */
function writeFolder(
  holder: IndexHolder,
  flags: ServeFlags,
  config: Config,
  log: Logger,
): WriteFolder | null {
  const policy = foldPolicy({
    after: flags.foldWritesAfter,
    ageSeconds: flags.foldWritesAge,
    limit: config.PAPER_SEARCH_WRITES_BACKLOG_LIMIT,
  });
  if (policy.after === 0 && policy.maxAgeMs === 0) return null;
  const runner = new FoldProcess({
    cli: fileURLToPath(new URL('./main.js', import.meta.url)),
    args: ['--models-dir', flags.modelsDir, '--threads', '1', '--batch', String(flags.batch)],
    env: {
      ...process.env,
      PAPER_SEARCH_INDEX: flags.index,
      PAPER_SEARCH_BACKEND: flags.backend,
      PAPER_SEARCH_GRAPH_WORKER: 'false',
    },
    niceness: FOLD_NICENESS,
  });
  log.info(policy, 'API writes are folded into new index versions');
  return new WriteFolder(holder, runner, policy, log);
}

/** How much lower the fold process's priority is than the server's (the most is 19). */
const FOLD_NICENESS = 10;
