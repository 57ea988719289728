import type { Config } from '../config.js';
import { ApiKeys } from './api-keys.js';

/** Who may call what, and how much: everything the HTTP layer enforces besides validation. */
export interface AccessPolicy {
  keys: ApiKeys;
  /** Require a key on the read endpoints too. */
  protectReads: boolean;
  /** Requests per client per window; 0 is unlimited. */
  rateLimit: number;
  rateWindowMs: number;
  trustProxy: number;
  corsOrigins: string[];
  maxUrlBytes: number;
  requestTimeoutMs: number;
}

/** For apps built in code (tests, benchmarks): no keys, so writes are closed; no rate limit. */
export function accessPolicy(overrides: Partial<AccessPolicy> = {}): AccessPolicy {
  return {
    keys: new ApiKeys([]),
    protectReads: false,
    rateLimit: 0,
    rateWindowMs: 60_000,
    trustProxy: 0,
    corsOrigins: [],
    maxUrlBytes: 4096,
    requestTimeoutMs: 15_000,
    ...overrides,
  };
}

/** The served policy, from the configuration (the key file is read here, once). */
export function accessPolicyFromConfig(config: Config): AccessPolicy {
  return {
    keys: ApiKeys.load(config.PAPER_SEARCH_API_KEYS, config.PAPER_SEARCH_API_KEYS_FILE),
    protectReads: config.PAPER_SEARCH_PROTECT_READS,
    rateLimit: config.PAPER_SEARCH_RATE_LIMIT,
    rateWindowMs: config.PAPER_SEARCH_RATE_WINDOW_MS,
    trustProxy: config.PAPER_SEARCH_TRUST_PROXY,
    corsOrigins: config.PAPER_SEARCH_CORS_ORIGINS,
    maxUrlBytes: config.PAPER_SEARCH_MAX_URL_BYTES,
    requestTimeoutMs: config.PAPER_SEARCH_REQUEST_TIMEOUT_MS,
  };
}
