import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytes } from '../file-bytes.js';
import { Growable } from './growable.js';

/**
 * A build's postings as (term, ordinal, frequency) triples in arrival order. With a spill
 * folder, every `capacity` triples are sorted by term and written out as a run, so a build of
 * any size holds one run in memory; finishing reads all runs side by side, term by term.
 * Documents arrive in ordinal order, so a stable sort by term keeps each term's ordinals
 * ascending, and runs concatenated in order keep them ascending across runs.
 */
export class PostingRuns {
  private terms: Growable<Int32Array>;
  private ordinals: Growable<Int32Array>;
  private freqs: Growable<Uint16Array>;
  private readonly spilled: string[] = [];

  constructor(
    private readonly spillDir: string | null,
    private readonly capacity: number,
  ) {
    const initial = spillDir ? capacity : 1 << 12;
    this.terms = new Growable(Int32Array, initial);
    this.ordinals = new Growable(Int32Array, initial);
    this.freqs = new Growable(Uint16Array, initial);
  }

  add(term: number, ordinal: number, freq: number): void {
    this.terms.push(term);
    this.ordinals.push(ordinal);
    this.freqs.push(freq);
  }

  /** Writes the held triples as a sorted run when they fill the capacity. */
  spillIfFull(termCount: number): void {
    if (this.spillDir === null || this.terms.length < this.capacity) return;
    const run = sortByTerm(this.terms.view(), this.ordinals.view(), this.freqs.view(), termCount);
    const base = join(this.spillDir, `run-${process.pid}-${this.spilled.length}`);
    for (const [suffix, values] of [
      ['t', run.terms],
      ['o', run.ordinals],
      ['f', run.freqs],
    ] as const) {
      const fd = openSync(`${base}.${suffix}`, 'w');
      try {
        writeBytes(fd, values);
      } finally {
        closeSync(fd);
      }
    }
    this.spilled.push(base);
    this.terms.length = this.ordinals.length = this.freqs.length = 0;
  }

  /** Every run, in order, ready to be read term by term. */
  readers(termCount: number): RunReader[] {
    const held = sortByTerm(this.terms.view(), this.ordinals.view(), this.freqs.view(), termCount);
    return [
      ...this.spilled.map((base) => new RunReader(fileChunks(base))),
      new RunReader([held][Symbol.iterator]()),
    ];
  }

  /** Deletes spilled runs. */
  cleanup(): void {
    for (const base of this.spilled) {
      for (const suffix of ['t', 'o', 'f']) rmSync(`${base}.${suffix}`, { force: true });
    }
    this.spilled.length = 0;
  }
}

interface RunChunk {
  terms: Int32Array;
  ordinals: Int32Array;
  freqs: Uint16Array;
}

/** Counting sort by term, stable. */
function sortByTerm(
  terms: Int32Array,
  ordinals: Int32Array,
  freqs: Uint16Array,
  termCount: number,
): RunChunk {
  const starts = new Int32Array(termCount + 1);
  for (let i = 0; i < terms.length; i++) starts[terms[i] + 1]++;
  for (let t = 0; t < termCount; t++) starts[t + 1] += starts[t];
  const out: RunChunk = {
    terms: new Int32Array(terms.length),
    ordinals: new Int32Array(terms.length),
    freqs: new Uint16Array(terms.length),
  };
  for (let i = 0; i < terms.length; i++) {
    const at = starts[terms[i]]++;
    out.terms[at] = terms[i];
    out.ordinals[at] = ordinals[i];
    out.freqs[at] = freqs[i];
  }
  return out;
}

const READ_CHUNK = 1 << 18;

/** A spilled run read back in fixed-size chunks, its three files side by side. */
function* fileChunks(base: string): Iterator<RunChunk> {
  const fds = ['t', 'o', 'f'].map((suffix) => openSync(`${base}.${suffix}`, 'r'));
  try {
    for (let at = 0; ; at += READ_CHUNK) {
      const terms = new Int32Array(READ_CHUNK);
      const ordinals = new Int32Array(READ_CHUNK);
      const freqs = new Uint16Array(READ_CHUNK);
      const bytes = readSync(fds[0], new Uint8Array(terms.buffer), 0, terms.byteLength, at * 4);
      if (bytes === 0) return;
      const count = bytes / 4;
      readSync(fds[1], new Uint8Array(ordinals.buffer), 0, count * 4, at * 4);
      readSync(fds[2], new Uint8Array(freqs.buffer), 0, count * 2, at * 2);
      yield {
        terms: terms.subarray(0, count),
        ordinals: ordinals.subarray(0, count),
        freqs: freqs.subarray(0, count),
      };
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** Receives a term's postings as a run is read. */
export interface PostingTarget {
  push(ordinal: number, freq: number): void;
}

/** Reads one sorted run a term at a time. */
export class RunReader {
  private chunk: RunChunk | null = null;
  private at = 0;

  constructor(private readonly chunks: Iterator<RunChunk>) {
    this.load();
  }

  /**
   * Pushes the run's postings of `term`, ordinals mapped through `remap` (-1 drops one).
   * Terms must be asked for in ascending order.
   */
  drain(term: number, remap: Int32Array, target: PostingTarget): void {
    while (this.chunk) {
      const { terms, ordinals, freqs } = this.chunk;
      let i = this.at;
      for (; i < terms.length && terms[i] === term; i++) {
        const ordinal = remap[ordinals[i]];
        if (ordinal >= 0) target.push(ordinal, freqs[i]);
      }
      this.at = i;
      if (i < terms.length) return;
      this.load();
    }
  }

  private load(): void {
    for (;;) {
      const next = this.chunks.next();
      if (next.done) {
        this.chunk = null;
        return;
      }
      if (next.value.terms.length > 0) {
        this.chunk = next.value;
        this.at = 0;
        return;
      }
    }
  }
}
