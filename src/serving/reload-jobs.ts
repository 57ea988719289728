import type { Logger } from 'pino';
import { NothingPublishedError } from '../index/backend.js';
import { NotReadyError } from '../search/errors.js';
import type { IndexHolder, ReloadOutcome } from './index-holder.js';
import { reloadIndex, type ReloadTrigger } from './reload.js';

/** Why a reload failed, as a client may be told (the cause itself stays in the log). */
export type ReloadFailure = 'nothing_published' | 'not_ready' | 'reload_failed';

/** One reload asked of the server: running, done with its outcome, or failed. */
export interface ReloadJob {
  id: number;
  trigger: ReloadTrigger;
  state: 'running' | 'done' | 'failed';
  /** The version served when it was asked. */
  serving: string | null;
  outcome: ReloadOutcome | null;
  failure: ReloadFailure | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Jobs kept for clients following them; older ones are forgotten. */
const KEPT_JOBS = 32;

/**
 * Reloads run as jobs a client can follow: a switch to a large version outlasts a request, so
 * the one who asked gets its id and reads how it ended rather than a timeout while it goes on.
 */
export class ReloadJobs {
  private readonly jobs = new Map<number, { job: ReloadJob; settled: Promise<void> }>();
  private nextId = 1;

  constructor(
    private readonly holder: IndexHolder,
    private readonly log: Logger,
  ) {}

  start(trigger: ReloadTrigger): ReloadJob {
    const job: ReloadJob = {
      id: this.nextId++,
      trigger,
      state: 'running',
      serving: this.holder.loaded?.version ?? null,
      outcome: null,
      failure: null,
      startedAt: new Date(),
      finishedAt: null,
    };
    const settled = reloadIndex(this.holder, this.log, trigger).then(
      (outcome) => this.finish(job, { state: 'done', outcome }),
      (error: unknown) => this.finish(job, { state: 'failed', failure: failureOf(error) }),
    );
    this.jobs.set(job.id, { job, settled });
    for (const id of this.jobs.keys()) if (this.jobs.size > KEPT_JOBS) this.jobs.delete(id);
    return job;
  }

  get(id: number): ReloadJob | null {
    return this.jobs.get(id)?.job ?? null;
  }

  /** Resolves when the job has ended or `ms` have passed, whichever is first. */
  async wait(job: ReloadJob, ms: number): Promise<ReloadJob> {
    const entry = this.jobs.get(job.id);
    if (!entry || job.state !== 'running') return job;
    let timer: NodeJS.Timeout | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([entry.settled, elapsed]);
    clearTimeout(timer);
    return job;
  }

  private finish(job: ReloadJob, end: Partial<ReloadJob>): void {
    Object.assign(job, end, { finishedAt: new Date() });
  }
}

function failureOf(error: unknown): ReloadFailure {
  if (error instanceof NothingPublishedError) return 'nothing_published';
  if (error instanceof NotReadyError) return 'not_ready';
  return 'reload_failed';
}
