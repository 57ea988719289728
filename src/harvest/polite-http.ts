import { setTimeout as sleep } from 'node:timers/promises';

/** How a harvester treats the server it asks: a pause between requests, patience on failures. */
export interface PoliteOptions {
  /** Pause before each request after the first, as the source asks (arXiv: a few seconds). */
  delayMs: number;
  /** Further tries after a transient failure (a network error, 429, 500, 502, 503, 504). */
  retries: number;
  /** The first backoff after a failure; it doubles with each try. */
  backoffMs: number;
  /** The longest wait a `Retry-After` may impose; a longer one fails instead of hanging. */
  maxRetryAfterMs: number;
  /** Told of every wait and its reason (progress on stderr). */
  onWait?: (ms: number, reason: string) => void;
  /** Sent as the User-Agent: sources ask harvesters to say who they are. */
  userAgent?: string;
}

export const DEFAULT_POLITENESS: PoliteOptions = {
  delayMs: 3000,
  retries: 5,
  backoffMs: 2000,
  maxRetryAfterMs: 10 * 60_000,
};

export class HarvestHttpError extends Error {
  override name = 'HarvestHttpError';
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${redactUrl(url)}: ${message}`);
  }
}

const TRANSIENT = new Set([429, 500, 502, 503, 504]);

/**
 * Fetches text from one source politely: requests are spaced by `delayMs`; a 503 or 429 with
 * `Retry-After` waits as told, other transient failures back off exponentially, and any other
 * status fails at once with the URL (whose `mailto` is left out) in the message.
 */
export class PoliteClient {
  private lastRequestAt: number | null = null;

  constructor(private readonly options: PoliteOptions) {}

  async getText(url: string): Promise<string> {
    let backoff = this.options.backoffMs;
    for (let attempt = 0; ; attempt++) {
      await this.spaceRequests();
      const outcome = await this.attempt(url);
      if ('text' in outcome) return outcome.text;
      if (attempt >= this.options.retries) {
        throw new HarvestHttpError(
          url,
          `${outcome.reason}; gave up after ${attempt + 1} tries`,
          outcome.status,
        );
      }
      const wait = outcome.retryAfterMs ?? backoff;
      if (wait > this.options.maxRetryAfterMs) {
        throw new HarvestHttpError(
          url,
          `${outcome.reason}; asked to wait ${Math.round(wait / 1000)} s, more than allowed`,
          outcome.status,
        );
      }
      this.options.onWait?.(wait, outcome.reason);
      await sleep(wait);
      if (outcome.retryAfterMs === undefined) backoff *= 2;
    }
  }

  private async spaceRequests(): Promise<void> {
    if (this.lastRequestAt !== null) {
      const wait = this.lastRequestAt + this.options.delayMs - Date.now();
      if (wait > 0) {
        this.options.onWait?.(wait, 'delay between requests');
        await sleep(wait);
      }
    }
    this.lastRequestAt = Date.now();
  }

  private async attempt(
    url: string,
  ): Promise<{ text: string } | { reason: string; status?: number; retryAfterMs?: number }> {
    let response: Response;
    try {
      const headers = this.options.userAgent ? { 'user-agent': this.options.userAgent } : undefined;
      response = await fetch(url, { headers });
    } catch (error) {
      return { reason: `request failed: ${errorText(error)}` };
    }
    if (response.ok) return { text: await response.text() };
    await response.body?.cancel();
    const reason = `HTTP ${response.status}`;
    if (!TRANSIENT.has(response.status)) throw new HarvestHttpError(url, reason, response.status);
    return {
      reason,
      status: response.status,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A URL fit for messages: the `mailto` a polite client sends is nobody else's business. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.searchParams.has('mailto')) parsed.searchParams.set('mailto', '…');
    return parsed.toString();
  } catch {
    return url;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
