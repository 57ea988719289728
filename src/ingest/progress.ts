import cliProgress from 'cli-progress';
import type { Logger } from 'pino';

/** Reports embedding progress: a bar on a terminal, periodic log lines elsewhere. */
export interface ProgressReporter {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

export function createProgressReporter(log: Logger, interactive: boolean): ProgressReporter {
  return interactive ? new BarProgress() : new LogProgress(log);
}

class BarProgress implements ProgressReporter {
  private readonly bar = new cliProgress.SingleBar(
    {
      format: 'embedding [{bar}] {value}/{total} | {rate} docs/s | ETA {eta_formatted}',
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  private startedAt = 0;

  start(total: number): void {
    this.startedAt = performance.now();
    this.bar.start(total, 0, { rate: '0' });
  }

  update(done: number): void {
    const rate = done / Math.max((performance.now() - this.startedAt) / 1000, 1e-3);
    this.bar.update(done, { rate: rate.toFixed(1) });
  }

  stop(): void {
    this.bar.stop();
  }
}

class LogProgress implements ProgressReporter {
  private total = 0;
  private startedAt = 0;
  private lastLogAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly everyMs = 5000,
  ) {}

  start(total: number): void {
    this.total = total;
    this.startedAt = this.lastLogAt = performance.now();
  }

  update(done: number): void {
    const now = performance.now();
    if (now - this.lastLogAt < this.everyMs && done < this.total) return;
    this.lastLogAt = now;
    const rate = done / Math.max((now - this.startedAt) / 1000, 1e-3);
    const etaSeconds = rate > 0 ? Math.round((this.total - done) / rate) : null;
    this.log.info(
      { done, total: this.total, docsPerSecond: Number(rate.toFixed(1)), etaSeconds },
      'embedding progress',
    );
  }

  stop(): void {}
}
