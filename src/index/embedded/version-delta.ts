import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { VectorGraph } from '../vector-graph.js';
import type { GraphWriter } from './graph-start.js';

/**
 * What an update changed against its base, beside the files it shares with it: the labels
 * whose records it put or removed, and every graph operation in the order the build applied
 * them (with the vectors it added). A server holding the base applies the operations to its
 * loaded graph and the record changes to its filters instead of loading the new version whole.
 * A build that did not carry its base's graph writes none.
 */
export const DELTA_FILE = 'version.delta';
const MAGIC = 'paper-search version delta 1\n';

const headerSchema = z.object({
  base: z.string(),
  dims: z.number().int().positive(),
  /** Labels whose record the update put or removed. */
  records: z.array(z.number().int().nonnegative()),
  /** Graph operations in order: [1, label] adds the next vector of the payload, [0, label] removes. */
  graph: z.array(z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().int().nonnegative()])),
});

export type VersionDelta = z.infer<typeof headerSchema> & { vectors: Float32Array };

export function writeVersionDelta(dir: string, delta: VersionDelta): void {
  const header = Buffer.from(JSON.stringify({ ...delta, vectors: undefined }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  // The payload starts on a 4-byte boundary so it is read as a Float32Array in place.
  const prefix = MAGIC.length + 4 + header.length;
  const pad = Buffer.alloc((4 - (prefix % 4)) % 4);
  const { buffer, byteOffset, byteLength } = delta.vectors;
  writeFileSync(
    join(dir, DELTA_FILE),
    Buffer.concat([
      Buffer.from(MAGIC),
      length,
      header,
      pad,
      Buffer.from(buffer, byteOffset, byteLength),
    ]),
  );
}

/** The delta of the version in `dir`; null when it has none (a full build or a rebuilt graph). */
export function readVersionDelta(dir: string): VersionDelta | null {
  const file = join(dir, DELTA_FILE);
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC)
    throw new Error(`${file} is not a version delta`);
  const length = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = headerSchema.parse(JSON.parse(bytes.subarray(start, start + length).toString()));
  const payload = start + length + ((4 - ((start + length) % 4)) % 4);
  const vectors = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset + payload, bytes.byteOffset + bytes.length),
  );
  const puts = header.graph.filter(([kind]) => kind === 1).length;
  if (vectors.length !== puts * header.dims)
    throw new Error(`${file} is truncated: ${puts} vectors expected`);
  return { ...header, vectors };
}

/**
 * A build's graph writer that journals what it is asked to do, so the version can record its
 * graph delta. Calls pass through in order, which is the order the graph applies them in.
 */
export class JournaledGraphWriter implements GraphWriter {
  private readonly ops: Array<[0 | 1, number]> = [];
  private readonly added: Float32Array[] = [];

  constructor(
    private readonly inner: GraphWriter,
    /** Whether the graph started as the base's (else nothing is journaled: no delta applies). */
    readonly carried: boolean,
  ) {}

  get dims(): number {
    return this.inner.dims;
  }

  size(): Promise<number> {
    return this.inner.size();
  }

  async put(entries: ReadonlyArray<{ label: number; vector: Float32Array }>): Promise<void> {
    if (this.carried) {
      for (const { label, vector } of entries) {
        this.ops.push([1, label]);
        this.added.push(Float32Array.from(vector));
      }
    }
    await this.inner.put(entries);
  }

  async remove(labels: readonly number[]): Promise<void> {
    if (this.carried) for (const label of labels) this.ops.push([0, label]);
    await this.inner.remove(labels);
  }

  vectorsOf(labels: readonly number[]): Promise<Array<Float32Array | null>> {
    return this.inner.vectorsOf(labels);
  }

  save(file: string): Promise<void> {
    return this.inner.save(file);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The graph half of the version delta; null when the graph was not carried. */
  journal(): Pick<VersionDelta, 'graph' | 'vectors'> | null {
    if (!this.carried) return null;
    const vectors = new Float32Array(this.added.length * this.dims);
    this.added.forEach((vector, i) => vectors.set(vector, i * this.dims));
    return { graph: this.ops, vectors };
  }
}

/**
 * Applies a delta's graph operations to a loaded graph, as the build applied them to its copy
 * of the same base, yielding to the event loop every `sliceMs` so requests keep being answered.
 */
export async function applyGraphDelta(
  graph: VectorGraph,
  delta: VersionDelta,
  sliceMs = 20,
): Promise<void> {
  const { dims } = delta;
  let added = 0;
  let sliceStart = performance.now();
  for (const [kind, label] of delta.graph) {
    if (kind === 1) {
      graph.add(label, delta.vectors.subarray(added * dims, (added + 1) * dims));
      added++;
    } else graph.markDeleted(label);
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
