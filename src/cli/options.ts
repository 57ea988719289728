import { InvalidArgumentError, type Command } from 'commander';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Backend } from '../index/backend.js';
import { registeredBackends } from '../index/backend-registry.js';
import { openBackend } from '../index/backends.js';

/** Commander parser for an integer flag within bounds, with a message naming the flag. */
export function intInRange(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer in ${min}..${max}, got "${value}"`);
    }
    return n;
  };
}

/** Commander parser for a weight from 0 to 1. */
export function weightBetween0And1(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError(`expected a number from 0 to 1, got "${value}"`);
  }
  return n;
}

export function oneOf<T extends string>(...allowed: T[]) {
  return (value: string): T => {
    if (!allowed.includes(value as T)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}

/** Where models live and how many threads ONNX Runtime may use: shared by every model user. */
export function withModelRuntimeOptions(command: Command, config: Config): Command {
  return command
    .option('--models-dir <dir>', 'local models folder', config.PAPER_SEARCH_MODELS_DIR)
    .option(
      '--threads <n>',
      'ONNX Runtime threads (0: one per core)',
      intInRange(0, 256),
      config.PAPER_SEARCH_THREADS,
    );
}

/** The index served when no --index or PAPER_SEARCH_INDEX names one: the quickstart's sample. */
export const SAMPLE_INDEX = 'index/sample';

/** Which backend holds the index: shared by every command that reads or writes one. */
export function withBackendOption(command: Command, config: Config): Command {
  return command.option(
    '--backend <spec>',
    `the engine holding --index: ${registeredBackends()
      .map((factory) => factory.spec)
      .join(' or ')}`,
    config.PAPER_SEARCH_BACKEND,
  );
}

/** The backend a command's --backend and --index flags name, with the configured settings. */
export function backendFor(
  flags: { backend: string; index: string },
  config: Config,
  log: Logger,
): Promise<Backend> {
  return openBackend(
    { backend: flags.backend, index: flags.index },
    {
      filterScanBelow: config.PAPER_SEARCH_FILTER_SCAN_BELOW,
      graphOnWorker: config.PAPER_SEARCH_GRAPH_WORKER,
      poolSize: config.PAPER_SEARCH_PG_POOL_SIZE,
      textEngine: config.PAPER_SEARCH_PG_TEXT_ENGINE,
      statementTimeoutMs: config.PAPER_SEARCH_PG_STATEMENT_TIMEOUT_MS,
      log,
    },
  );
}
