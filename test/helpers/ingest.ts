import pino from 'pino';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embeddedBackend } from '../../src/index/backends.js';
import { validateHnswParams } from '../../src/index/hnsw-params.js';
import { inject } from 'vitest';
import { runIngest, type IngestOptions } from '../../src/ingest/ingest-job.js';

export const SAMPLE = fileURLToPath(new URL('../../data/sample/papers.jsonl', import.meta.url));

/** Papers in the sample corpus: one per line, each with a distinct id. */
export const SAMPLE_SIZE = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter((line) => line !== '').length;

const silentProgress = { start() {}, update() {}, stop() {} };

const silent = pino({ level: 'silent' });

/**
 * Ingest options for tests: silent, small batches, overridable; the backend is given, or the
 * embedded one over `indexRoot`.
 */
export function ingestOptions(
  overrides: Partial<IngestOptions> &
    ({ indexRoot: string } | { backend: IngestOptions['backend'] }),
): IngestOptions {
  const { indexRoot, ...rest } = { indexRoot: undefined, ...overrides };
  return {
    backend:
      indexRoot === undefined
        ? (rest.backend as IngestOptions['backend'])
        : embeddedBackend(indexRoot, silent),
    inputs: [SAMPLE],
    embedder: 'lexical',
    model: { model: 'none', modelsDir: 'models', dtype: 'fp32', batchSize: 16, threads: 1 },
    hnsw: validateHnswParams({}),
    exactBelow: 5000,
    keepVersions: 2,
    strict: false,
    log: silent,
    progress: silentProgress,
    ...rest,
  };
}

export const ingest = (overrides: Parameters<typeof ingestOptions>[0]) =>
  runIngest(ingestOptions(overrides));

/** Ingest options that embed with the tiny model: fp32, small batches, one thread. */
export function tinyModelIngestOptions() {
  return {
    model: inject('tinyModelId'),
    modelsDir: inject('tinyModelRoot'),
    dtype: 'fp32' as const,
    batchSize: 16,
    threads: 1,
  };
}
