import type { IndexVersion } from '../index/backend.js';
import { NotReadyError } from '../search/errors.js';
import type { SearchService } from '../search/search-service.js';
import type { LiveChanges } from './live-changes.js';
import { SerialQueue } from './serial-queue.js';
import type { SharedEmbedder } from './shared-embedder.js';

/** One index version ready to serve, and how to release what it holds. */
export interface LoadedIndex {
  version: string;
  /** The opened version itself, which the next version may take over (see Backend.open). */
  opened?: IndexVersion;
  service: SearchService;
  /** Its embedder, which the next version may share when the fingerprints match. */
  embedding?: SharedEmbedder;
  /** The in-memory layer for API writes made since the version was built. */
  live?: LiveChanges;
  /**
   * Brings the version up to date with writes made since it was built; run under the
   * holder's queue right before the version is swapped in, so no write falls between.
   */
  catchUp?(): Promise<void>;
  close(): Promise<void>;
}

/** Loads the published version; `previous` is the one served now, if any. */
export type IndexLoader = (previous: LoadedIndex | null) => Promise<LoadedIndex>;

/** Where the holder learns which version is published now (a backend). */
export interface PublishedSource {
  published(): Promise<string | null>;
}

/** What a reload did: the versions before and after (equal when nothing new was published). */
export interface ReloadOutcome {
  previous: string | null;
  current: string;
  changed: boolean;
}

/**
 * A loaded version plus the count of requests using it, so a version swapped out is closed
 * only after its last in-flight request finishes.
 */
class Generation {
  private active = 0;
  private retired = false;
  private closed: Promise<void> | null = null;
  private onIdle: (() => void) | null = null;

  constructor(
    readonly loaded: LoadedIndex,
    private readonly onCloseError: (error: unknown) => void,
  ) {}

  async run<T>(fn: (service: SearchService) => T | Promise<T>): Promise<T> {
    this.active++;
    try {
      return await fn(this.loaded.service);
    } finally {
      this.active--;
      if (this.active === 0) this.onIdle?.();
    }
  }

  /** Resolves once no request uses this version and it is closed. */
  retire(): Promise<void> {
    if (!this.retired) {
      this.retired = true;
      const idle =
        this.active === 0 ? Promise.resolve() : new Promise<void>((r) => (this.onIdle = r));
      this.closed = idle.then(() => this.loaded.close()).catch(this.onCloseError);
    }
    return this.closed as Promise<void>;
  }
}

/**
 * Holds the index version being served. Requests borrow it through `use`; `load` and
 * `reload` open a version fully (store, vectors, embedder, warm-up) while the old one keeps
 * serving, then swap it in atomically: requests already running finish on the old one,
 * which is closed once they are done. Loads, reloads and writes (`exclusive`) run one at a
 * time, so a write is never applied to a version that is about to be replaced without it.
 */
export class IndexHolder {
  private current: Generation | null = null;
  private closing = false;
  private started = false;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly source: PublishedSource,
    private readonly loader: IndexLoader,
    private readonly onCloseError: (error: unknown) => void = () => {},
  ) {}

  get loaded(): LoadedIndex | null {
    return this.current?.loaded ?? null;
  }

  /** Loads the published version and serves it from now on. */
  load(): Promise<LoadedIndex> {
    return this.queue.run(() => this.loadNow());
  }

  /**
   * Switches to the version published now, when it differs from the one served. A load that
   * fails leaves the served version in place and rejects with the error.
   */
  reload(): Promise<ReloadOutcome> {
    return this.queue.run(async () => {
      if (!this.started) throw new NotReadyError('no index has been loaded yet');
      const previous = this.loaded;
      if (previous && (await this.source.published()) === previous.version) {
        return { previous: previous.version, current: previous.version, changed: false };
      }
      const next = await this.loadNow();
      return { previous: previous?.version ?? null, current: next.version, changed: true };
    });
  }

  /** Runs `task` with no load, reload or other exclusive task in between (API writes). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  private async loadNow(): Promise<LoadedIndex> {
    this.started = true;
    const next = await this.loader(this.loaded);
    try {
      if (this.closing) throw new NotReadyError('the service is shutting down');
      await next.catchUp?.();
    } catch (error) {
      await next.close();
      throw error;
    }
    void this.swap(next);
    return next;
  }

  /** Serves `next` from now on; resolves when the previous version has been closed. */
  swap(next: LoadedIndex): Promise<void> {
    const previous = this.current;
    this.current = new Generation(next, this.onCloseError);
    return previous ? previous.retire() : Promise.resolve();
  }

  use<T>(fn: (service: SearchService) => T | Promise<T>): Promise<T> {
    const generation = this.current;
    if (!generation) {
      return Promise.reject(
        new NotReadyError(this.closing ? 'the service is shutting down' : undefined),
      );
    }
    return generation.run(fn);
  }

  /** Stops lending the index and closes it once in-flight requests are done. */
  async close(): Promise<void> {
    this.closing = true;
    const previous = this.current;
    this.current = null;
    await previous?.retire();
  }
}
