import type { Logger } from 'pino';
import type { IndexHolder } from './index-holder.js';
import type { LiveChanges } from './live-changes.js';
import { reloadIndex } from './reload.js';

/** When the writes held in memory are published as a version of their own. */
export interface FoldPolicy {
  /** Fold once the overlay holds this many changes; 0: not by count. */
  after: number;
  /** Fold once changes have been held this long; 0: not by age. */
  maxAgeMs: number;
  /** Refuse writes while the overlay holds this many (folds are behind); 0: no limit. */
  limit: number;
}

/** Publishes every logged write as a new version (a child process running `fold`). */
export interface FoldRunner {
  run(): Promise<void>;
  /** Ends a fold in progress; the change log keeps its writes for the next one. */
  stop(): void;
}

/** Asked of every API write before it is logged (see PaperWriter). */
export interface WriteGate {
  /** Throws WritesBackloggedError when the overlay is full. */
  admit(live: LiveChanges): void;
  /** Called after a write is logged and applied. */
  written(): void;
}

/** The overlay is full and a fold is publishing it: the client should retry shortly. */
export class WritesBackloggedError extends Error {
  override name = 'WritesBackloggedError';
}

/** Waits after failed folds: doubling from the first, up to the last. */
const RETRY_MS = { first: 5_000, last: 600_000 };
/** How often the age of held changes is looked at. */
const CHECK_EVERY_MS = 1_000;

/**
 * Folds API writes into the index in the background. Writes live in the served version's
 * in-memory overlay (searched by exact scan, so each one costs every query) and in the
 * durable change log. Once the overlay holds `after` changes, or has held changes for
 * `maxAgeMs`, the runner publishes a version holding everything logged (an update with no
 * input but the log), and the holder switches to it; writes made meanwhile stay in the log
 * and are replayed into the new version's overlay. Requests are served throughout. A fold
 * killed or failed loses nothing: the log still holds its writes, and the next fold takes them.
 */
export class WriteFolder implements WriteGate {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private retryAt = 0;
  private stopped = false;

  constructor(
    private readonly holder: IndexHolder,
    private readonly runner: FoldRunner,
    private readonly policy: FoldPolicy,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  admit(live: LiveChanges): void {
    const { changes } = live.pending;
    if (this.policy.limit > 0 && changes >= this.policy.limit) {
      this.check();
      throw new WritesBackloggedError(
        `${changes} writes are waiting to be folded into the index (the limit is ${this.policy.limit}); retry shortly`,
      );
    }
  }

  written(): void {
    this.check();
  }

  /** Whether a fold is running now (for tests and status). */
  get folding(): boolean {
    return this.running !== null;
  }

  /** Starts a fold when one is due and none runs. */
  check(): void {
    if (this.running || this.stopped || Date.now() < this.retryAt) return;
    const pending = this.holder.loaded?.live?.pending;
    if (!pending || !this.due(pending)) return;
    this.running = this.fold(pending.changes).finally(() => {
      this.running = null;
      // Writes made during the fold may call for the next one already.
      if (!this.stopped) setImmediate(() => this.check());
    });
  }

  private due({ changes, since }: LiveChanges['pending']): boolean {
    if (changes === 0) return false;
    if (this.policy.after > 0 && changes >= this.policy.after) return true;
    return this.policy.maxAgeMs > 0 && since !== null && Date.now() - since >= this.policy.maxAgeMs;
  }

  private async fold(changes: number): Promise<void> {
    const started = performance.now();
    this.log.info({ changes }, 'folding API writes into a new index version');
    try {
      await this.runner.run();
      if (this.stopped) return;
      const outcome = await reloadIndex(this.holder, this.log, 'fold');
      this.failures = 0;
      this.log.info(
        { ...outcome, changes, ms: Math.round(performance.now() - started) },
        'API writes folded',
      );
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      const wait = Math.min(RETRY_MS.last, RETRY_MS.first * 2 ** (this.failures - 1));
      this.retryAt = Date.now() + wait;
      this.log.error(
        { err: error, changes, retryInMs: wait },
        'fold failed: the writes stay in the change log and are served from memory',
      );
    }
  }

  /** Stops folding; a fold in progress is ended (its writes stay in the log). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.runner.stop();
    await this.running;
  }
}
