import { z } from 'zod';
import { DEFAULT_FILTER_SCAN_BELOW } from './index/backends.js';
import type { FoldPolicy } from './serving/write-folding.js';

/**
 * Every setting the service and the jobs read from the environment, validated once.
 * CLI flags override these; nothing else reads process.env.
 */
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list; blanks dropped, so an empty variable is an empty list. */
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Folds API writes once this many are held, unless configured (see docs/operations.md). */
export const DEFAULT_FOLD_AFTER = 250;

const EnvSchema = z.object({
  /** The index: a root directory (embedded) or a name (postgres). Ingest requires it; serve defaults to the sample. */
  PAPER_SEARCH_INDEX: z.string().min(1).optional(),
  /** `embedded` (files under the index root) or a `postgres://` URL. */
  PAPER_SEARCH_BACKEND: z.string().min(1).default('embedded'),
  /** Embedded builds insert into the vector graph on a worker thread, beside their other work. */
  PAPER_SEARCH_GRAPH_WORKER: boolean.default(true),
  /** Connections each process keeps to a Postgres backend. */
  PAPER_SEARCH_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Lexical ranking of a Postgres index, chosen when the index is created: `postings` (the
   * project's BM25 in SQL, no extension), `pg_textsearch` (its BM25), `ts_rank`.
   */
  PAPER_SEARCH_PG_TEXT_ENGINE: z
    .enum(['auto', 'postings', 'pg_textsearch', 'ts_rank'])
    .default('auto'),
  /** Longest a single Postgres statement may run before the server cancels it. */
  PAPER_SEARCH_PG_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(30_000),
  PAPER_SEARCH_MODELS_DIR: z.string().min(1).default('models'),
  PAPER_SEARCH_EMBEDDER: z.enum(['transformer', 'lexical', 'auto']).default('auto'),
  PAPER_SEARCH_MODEL: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  PAPER_SEARCH_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  PAPER_SEARCH_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  PAPER_SEARCH_BATCH: z.coerce.number().int().min(1).max(1024).default(32),
  PAPER_SEARCH_ALLOW_DOWNLOAD: boolean.default(false),
  PAPER_SEARCH_KEEP_VERSIONS: z.coerce.number().int().min(1).max(100).default(2),
  PAPER_SEARCH_SAMPLE: z.string().min(1).default('data/sample/papers.jsonl'),
  /** A PostgreSQL with pgvector for `bench postgres`; unset, the benchmark runs PGlite in process. */
  PAPER_SEARCH_BENCH_POSTGRES_URL: z.string().min(1).optional(),
  /** Hugging Face hub (or mirror) that `model:fetch` downloads from; the hub clients' own name. */
  HF_ENDPOINT: z.url().default('https://huggingface.co'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAPER_SEARCH_MAX_QUERY_CHARS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Filters matching at most this many papers are answered by an exact scan, not the graph. */
  PAPER_SEARCH_FILTER_SCAN_BELOW: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(DEFAULT_FILTER_SCAN_BELOW),
  /** Most concurrent text queries embedded in one call. */
  PAPER_SEARCH_QUERY_BATCH: z.coerce.number().int().min(1).max(256).default(16),
  /** How long shutdown waits for in-flight requests before closing their connections. */
  PAPER_SEARCH_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Reload when the index root's CURRENT pointer changes (besides SIGHUP and /admin/reload). */
  PAPER_SEARCH_WATCH_INDEX: boolean.default(false),
  /** Pointer changes within this many ms are one reload: a publish renames twice. */
  PAPER_SEARCH_WATCH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /**
   * Publish the API writes held in memory as a new index version once they number this many
   * (each one adds to every query's exact scan); 0 folds by age only.
   */
  PAPER_SEARCH_FOLD_WRITES_AFTER: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(DEFAULT_FOLD_AFTER),
  /** ...or once writes have been held this many seconds; 0 folds by count only. */
  PAPER_SEARCH_FOLD_WRITES_AGE_S: z.coerce.number().int().min(0).max(2_592_000).default(3600),
  /** Writes held in memory past which new ones get 503 until a fold lands; default 5x the fold count. */
  PAPER_SEARCH_WRITES_BACKLOG_LIMIT: z.coerce.number().int().min(0).max(10_000_000).optional(),
  /** API keys for write and admin endpoints (and reads when protected); never logged. */
  PAPER_SEARCH_API_KEYS: list.default([]),
  /** A file with one API key per line (blank lines and # comments ignored), added to the above. */
  PAPER_SEARCH_API_KEYS_FILE: z.string().min(1).optional(),
  /** Require an API key on the read endpoints too (health and readiness stay open). */
  PAPER_SEARCH_PROTECT_READS: boolean.default(false),
  /** Requests per client (IP address) per window; 0 turns rate limiting off. */
  PAPER_SEARCH_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
  PAPER_SEARCH_RATE_WINDOW_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Proxy hops in front of the server whose X-Forwarded-For is trusted for client IPs. */
  PAPER_SEARCH_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Origins allowed to call the API from a browser (CORS); empty: same-origin only. `*` allows any. */
  PAPER_SEARCH_CORS_ORIGINS: list.default([]),
  /** Longest accepted request target (path and query string); longer is a 414. */
  PAPER_SEARCH_MAX_URL_BYTES: z.coerce.number().int().min(256).max(65_536).default(4096),
  /** A request not answered within this many ms gets a 503; the socket limits derive from it. */
  PAPER_SEARCH_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
});

export type Config = z.infer<typeof EnvSchema>;

/**
 * When serve folds API writes into a new version (flags over the environment), checked here:
 * the backlog limit must leave room above the fold count for writes made during a fold.
 */
export function foldPolicy(settings: {
  after: number;
  ageSeconds: number;
  limit?: number;
}): FoldPolicy {
  const limit = settings.limit ?? settings.after * 5;
  if (limit > 0 && limit <= settings.after) {
    throw new ConfigError(
      `invalid configuration: PAPER_SEARCH_WRITES_BACKLOG_LIMIT (${limit}) must exceed the fold count (${settings.after})`,
    );
  }
  return { after: settings.after, maxAgeMs: settings.ageSeconds * 1000, limit };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
