import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../util/project-root.js';
import type { VectorSpec } from '../backend.js';
import type { GraphWriter } from './graph-start.js';
import type { GraphCall, GraphResponse, GraphStart } from './graph-messages.js';

/** The compiled worker, also when the sources run: tests use the build `npm test` makes first. */
const WORKER = join(PROJECT_ROOT, 'dist', 'index', 'embedded', 'graph-worker.js');

/** Batches of vectors sent and not yet inserted, at most: bounds the memory queued between threads. */
const MAX_PUTS_IN_FLIGHT = 4;

/**
 * A build's vector writer whose graph lives on a worker thread. `put` returns once the batch is
 * handed over (waiting only while MAX_PUTS_IN_FLIGHT batches are queued), so the caller reads
 * and embeds the next window while the graph takes this one. An insertion that failed is
 * reported by the next call; `save` waits for everything sent before it.
 */
export class WorkerGraphWriter implements GraphWriter {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private readonly puts = new Set<Promise<unknown>>();
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly dims: number,
  ) {
    worker.on('message', (response: GraphResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the graph worker exited with code ${code}`));
    });
  }

  static async start(
    spec: VectorSpec,
    base: GraphStart['base'],
    settings: GraphStart['settings'],
  ): Promise<WorkerGraphWriter> {
    const worker = new Worker(WORKER);
    const writer = new WorkerGraphWriter(worker, spec.dims);
    try {
      await writer.call({ op: 'start', spec, settings, base });
      return writer;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  async size(): Promise<number> {
    return (await this.call({ op: 'size' })) as number;
  }

  async put(entries: ReadonlyArray<{ label: number; vector: Float32Array }>): Promise<void> {
    this.throwIfFailed();
    if (entries.length === 0) return;
    while (this.puts.size >= MAX_PUTS_IN_FLIGHT) await Promise.race(this.puts);
    const labels = Int32Array.from(entries, (e) => e.label);
    const vectors = new Float32Array(entries.length * this.dims);
    entries.forEach((e, i) => vectors.set(e.vector, i * this.dims));
    const sent = this.call({ op: 'put', labels, vectors }, [labels.buffer, vectors.buffer]);
    this.puts.add(sent);
    sent.catch(() => {}).finally(() => this.puts.delete(sent));
  }

  async remove(labels: readonly number[]): Promise<void> {
    if (labels.length > 0) await this.call({ op: 'remove', labels: [...labels] });
  }

  async vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    return (await this.call({
      op: 'vectorsOf',
      labels: [...labels],
    })) as Array<Float32Array | null>;
  }

  /** Writes the graph once every batch sent before has been inserted. */
  async save(file: string): Promise<void> {
    await this.call({ op: 'save', file });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private call(request: GraphCall, transfer: ArrayBuffer[] = []): Promise<unknown> {
    this.throwIfFailed();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  private settle(response: GraphResponse): void {
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if (response.ok) waiting.resolve(response.result);
    else {
      const error = new Error(`vector graph: ${response.error}`);
      this.failure ??= error;
      waiting.reject(error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
