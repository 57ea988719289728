import { NotReadyError } from './errors.js';
import type { SearchService } from './search-service.js';

/** One index version ready to serve, and how to release what it holds. */
export interface LoadedIndex {
  version: string;
  dir: string;
  service: SearchService;
  close(): Promise<void>;
}

export type IndexLoader = (root: string) => Promise<LoadedIndex>;

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
 * Holds the index version being served. Requests borrow it through `use`; `load` opens a
 * version and swaps it in atomically: requests already running finish on the old one,
 * which is then closed.
 */
export class IndexHolder {
  private current: Generation | null = null;
  private closing = false;

  constructor(
    private readonly loader: IndexLoader,
    private readonly onCloseError: (error: unknown) => void = () => {},
  ) {}

  get loaded(): LoadedIndex | null {
    return this.current?.loaded ?? null;
  }

  async load(root: string): Promise<LoadedIndex> {
    const next = await this.loader(root);
    if (this.closing) {
      await next.close();
      throw new NotReadyError('the service is shutting down');
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
