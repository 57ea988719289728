import type { LiveSegment } from './live-segment.js';

/**
 * What a search may return, in labels: the form a declarative filter is translated into.
 * `candidates` restricts scoring to those documents (a selective filter: only they are
 * scored); `accept` is asked about documents that could enter the top k (a broad filter);
 * `exclude` never enter (the papers a query was made from).
 */
export interface LabelOptions {
  candidates?: readonly number[];
  accept?: (label: number) => boolean;
  exclude?: ReadonlySet<number>;
}

/** Whether a segment's document may be returned: live, not excluded, accepted. */
export class DocAcceptor {
  private readonly deleted: Uint8Array | null;
  private readonly labels: Int32Array;
  private readonly exclude: ReadonlySet<number> | null;
  private readonly accept: ((label: number) => boolean) | null;

  constructor(live: LiveSegment, options: LabelOptions) {
    this.deleted = live.deleted;
    this.labels = live.segment.data.labels;
    this.exclude = options.exclude?.size ? options.exclude : null;
    this.accept = options.accept ?? null;
  }

  accepts(ordinal: number): boolean {
    if (this.deleted !== null && this.deleted[ordinal] === 1) return false;
    if (this.exclude === null && this.accept === null) return true;
    const label = this.labels[ordinal];
    if (this.exclude?.has(label)) return false;
    return this.accept === null || this.accept(label);
  }
}
