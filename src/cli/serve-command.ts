import type { Command } from 'commander';
import { openServerChangeLog } from '../changes/change-log.js';
import { PaperWriter } from '../changes/paper-writer.js';
import type { Config } from '../config.js';
import type { EmbedderKind } from '../embed/embedder-factory.js';
import { createLogger } from '../logger.js';
import { IndexHolder } from '../search/index-holder.js';
import { loadIndex } from '../search/index-loader.js';
import { accessPolicyFromConfig } from '../server/access-policy.js';
import { createApp } from '../server/app.js';
import { ensureIndex } from '../server/bootstrap-index.js';
import { ServiceMetrics } from '../server/metrics.js';
import { reloadOnTriggers } from '../server/reload-triggers.js';
import { shutdownOnSignals, startServer } from '../server/server.js';
import { intInRange, oneOf, withModelRuntimeOptions } from './options.js';

interface ServeFlags {
  index: string;
  port: number;
  host: string;
  modelsDir: string;
  threads: number;
  batch: number;
  bootstrap?: string | true;
  embedder: EmbedderKind;
  model: string;
}

export function registerServe(program: Command, config: Config): void {
  withModelRuntimeOptions(program.command('serve'), config)
    .description('serve an index over HTTP')
    .option(
      '--index <dir>',
      'index root (or one version directory) to serve',
      config.PAPER_SEARCH_INDEX,
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
  if (flags.bootstrap) {
    await ensureIndex({
      indexRoot: flags.index,
      corpus: flags.bootstrap === true ? config.PAPER_SEARCH_SAMPLE : flags.bootstrap,
      embedder: flags.embedder,
      model,
      keepVersions: config.PAPER_SEARCH_KEEP_VERSIONS,
      log,
    });
  }
  // Created before the holder so every index version it loads reports its query embeddings.
  const metrics = new ServiceMetrics();
  const changes = openServerChangeLog(flags.index, (error) =>
    log.warn({ err: error }, 'no change log: POST /papers and DELETE /papers/:id are disabled'),
  );
  const holder = new IndexHolder(
    (root, previous) =>
      loadIndex(
        root,
        {
          model,
          queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
          filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
          onEmbedBatch: metrics.observeEmbedBatch,
        },
        log,
        { previous, changes },
      ),
    (error) => log.error({ err: error }, 'closing a retired index failed'),
  );
  const app = createApp({
    holder,
    log,
    limits: { maxQueryChars: config.PAPER_SEARCH_MAX_QUERY_CHARS },
    metrics,
    access: accessPolicyFromConfig(config),
    writer: changes && new PaperWriter(holder, changes),
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
  });
  shutdownOnSignals(running, log);
  reloadOnTriggers(holder, log, {
    root: flags.index,
    watch: config.PAPER_SEARCH_WATCH_INDEX,
    debounceMs: config.PAPER_SEARCH_WATCH_DEBOUNCE_MS,
  });
  try {
    await holder.load(flags.index);
  } catch (error) {
    await running.shutdown('index failed to load');
    throw error;
  }
}
