import type { Paper } from '../corpus/paper.js';
import { NotReadyError } from '../search/errors.js';
import type { IndexHolder } from './index-holder.js';
import type { ChangeLog, PaperChange } from '../index/change-log.js';
import type { ChangeEffect } from './live-changes.js';
import type { WriteGate } from './write-folding.js';

export interface WriteResult {
  effect: ChangeEffect;
  /** The change's place in the log; null when the write changed nothing and was not logged. */
  seq: number | null;
  /** The version the write was applied to. */
  version: string;
}

/**
 * API writes: each is embedded with the served version's embedder, committed to the change
 * log, then applied to the served version in memory, all inside the holder's exclusive
 * section so no reload can swap in a version that misses it. A write whose embedding fails
 * leaves no trace; one that is logged is durable and is replayed by every later load.
 * The log assumes one writing server per index root.
 */
export class PaperWriter {
  constructor(
    private readonly holder: IndexHolder,
    private readonly log: ChangeLog,
    /** Bounds the writes held in memory and folds them (serve's WriteFolder). */
    private readonly gate: WriteGate | null = null,
  ) {}

  upsert(paper: Paper): Promise<WriteResult> {
    return this.write({ op: 'upsert', paper });
  }

  remove(id: string): Promise<WriteResult> {
    return this.write({ op: 'delete', id });
  }

  private write(change: PaperChange): Promise<WriteResult> {
    return this.holder.exclusive(async () => {
      const loaded = this.holder.loaded;
      if (!loaded?.live) throw new NotReadyError();
      await loaded.catchUp?.();
      const effect = await loaded.live.effectOf(change);
      if (effect === 'unchanged' || effect === 'not_found') {
        return { effect, seq: null, version: loaded.version };
      }
      this.gate?.admit(loaded.live);
      const prepared = await loaded.live.prepare([change]);
      const seq = await this.log.append(change);
      await loaded.live.apply(prepared, seq);
      this.gate?.written();
      return { effect, seq, version: loaded.version };
    });
  }
}
