import type { VectorSpec } from '../backend.js';
import type { GraphSettings } from './graph-start.js';

/** Starts the worker's graph: empty for the spec, or the base version's when it can be carried. */
export interface GraphStart {
  id: number;
  op: 'start';
  spec: VectorSpec;
  settings: GraphSettings;
  /** The base version to carry the graph from (its directory and manifest). */
  base: { dir: string; manifest: unknown } | null;
}

/** What the build thread asks of the graph worker; each request gets one response. */
export type GraphRequest =
  | GraphStart
  | { id: number; op: 'put'; labels: Int32Array; vectors: Float32Array }
  | { id: number; op: 'remove'; labels: readonly number[] }
  | { id: number; op: 'vectorsOf'; labels: readonly number[] }
  | { id: number; op: 'size' }
  | { id: number; op: 'save'; file: string };

export type GraphResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Requests carry the same fields without their id, which the client assigns. */
export type GraphCall = GraphRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;
