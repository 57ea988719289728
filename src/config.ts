import { z } from 'zod';

/**
 * Every setting the service and the jobs read from the environment, validated once.
 * CLI flags override these; nothing else reads process.env.
 */
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PAPER_SEARCH_INDEX: z.string().min(1).default('index/sample'),
  PAPER_SEARCH_MODELS_DIR: z.string().min(1).default('models'),
  PAPER_SEARCH_EMBEDDER: z.enum(['transformer', 'lexical', 'auto']).default('auto'),
  PAPER_SEARCH_MODEL: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  PAPER_SEARCH_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  PAPER_SEARCH_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  PAPER_SEARCH_BATCH: z.coerce.number().int().min(1).max(1024).default(32),
  PAPER_SEARCH_ALLOW_DOWNLOAD: boolean.default(false),
  PAPER_SEARCH_KEEP_VERSIONS: z.coerce.number().int().min(1).max(100).default(2),
  PAPER_SEARCH_SAMPLE: z.string().min(1).default('data/sample/papers.jsonl'),
  /** Hugging Face hub (or mirror) that `model:fetch` downloads from; the hub clients' own name. */
  HF_ENDPOINT: z.url().default('https://huggingface.co'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAPER_SEARCH_MAX_QUERY_CHARS: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Filters matching at most this many papers are answered by an exact scan, not the graph. */
  PAPER_SEARCH_FILTER_SCAN_BELOW: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  /** Most concurrent text queries embedded in one call. */
  PAPER_SEARCH_QUERY_BATCH: z.coerce.number().int().min(1).max(256).default(16),
  /** How long shutdown waits for in-flight requests before closing their connections. */
  PAPER_SEARCH_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

export type Config = z.infer<typeof EnvSchema>;

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
