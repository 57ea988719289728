import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { evaluateVariants, readJudgedSet } from '../eval/quality.js';
import { QUALITY_NAME, QUALITY_TITLE, qualityOutcome } from '../eval/quality-report.js';
import { DEFAULT_EXACT_BELOW, DEFAULT_HNSW_PARAMS } from '../index/hnsw-params.js';
import { runIngest } from '../ingest/ingest-job.js';
import { createLogger } from '../logger.js';
import { embeddedBackend } from '../index/backends.js';
import { loadIndex } from '../serving/index-loader.js';
import { MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { PROJECT_ROOT } from './project-root.js';
import type { Benchmark } from './runner.js';
import { makeScratchDir } from './work-files.js';

export const SAMPLE_JUDGMENTS = join(PROJECT_ROOT, 'data', 'sample', 'judgments.jsonl');

/**
 * Search quality on the sample: the sample corpus indexed with the lexical embedder (no model
 * to download, so anyone can reproduce it) in a scratch directory, scored on its judged set
 * in every mode and fusion method. `paper-search eval --out` does the same for any index.
 */
export const qualityBenchmark: Benchmark = {
  name: QUALITY_NAME,
  title: QUALITY_TITLE,
  async run(_options, log) {
    const config = loadConfig();
    const silent = createLogger('silent');
    const judged = await readJudgedSet(SAMPLE_JUDGMENTS);
    const scratch = await makeScratchDir('paper-search-quality-');
    try {
      const root = join(scratch.dir, 'index');
      log('indexing the sample corpus with the lexical embedder');
      const backend = embeddedBackend(root, silent);
      await runIngest({
        inputs: [SAMPLE_CORPUS],
        backend,
        embedder: 'lexical',
        model: { model: 'none', modelsDir: MODELS_DIR, dtype: 'fp32', batchSize: 32, threads: 0 },
        hnsw: DEFAULT_HNSW_PARAMS,
        exactBelow: DEFAULT_EXACT_BELOW,
        keepVersions: 1,
        strict: true,
        log: silent,
        progress: { start() {}, update() {}, stop() {} },
      });
      const run = await evaluateVariants(judged, (fusion) =>
        loadIndex(
          backend,
          {
            model: { modelsDir: MODELS_DIR, batchSize: 32, threads: 0 },
            queryBatch: config.PAPER_SEARCH_QUERY_BATCH,
            filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
            fusion,
          },
          silent,
        ),
      );
      const outcome = qualityOutcome(run);
      outcome.notes.push(
        'The index is the sample corpus built by `ingest --embedder lexical` with default ' +
          'settings in a scratch directory that is removed afterwards.',
      );
      return outcome;
    } finally {
      await scratch.cleanup();
    }
  },
};
