/**
 * The term dictionary's lookup: an open-addressing hash table over the UTF-8 bytes of each
 * term, stored with the segment so loading builds nothing. Slots hold term ids (-1: empty).
 */
const EMPTY = -1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a over bytes. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Slots for `terms` entries: a power of two at most half full. */
function slotCount(terms: number): number {
  let slots = 16;
  while (slots < terms * 2) slots *= 2;
  return slots;
}

/** Term `id`'s bytes are `bytes[offsets[id], offsets[id + 1])`. */
export interface TermBytes {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

export function buildTermTable({ bytes, offsets }: TermBytes): Int32Array {
  const terms = offsets.length - 1;
  const table = new Int32Array(slotCount(terms)).fill(EMPTY);
  const mask = table.length - 1;
  for (let id = 0; id < terms; id++) {
    let slot = hashBytes(bytes, offsets[id], offsets[id + 1]) & mask;
    while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
    table[slot] = id;
  }
  return table;
}

/** The id of `term`, or -1 when the segment does not hold it. */
export function lookupTerm(table: Int32Array, terms: TermBytes, term: string): number {
  const key = encoder.encode(term);
  const mask = table.length - 1;
  for (let slot = hashBytes(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
    const id = table[slot];
    if (id === EMPTY) return -1;
    if (sameBytes(terms, id, key)) return id;
  }
}

function sameBytes({ bytes, offsets }: TermBytes, id: number, key: Uint8Array): boolean {
  const start = offsets[id];
  if (offsets[id + 1] - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
  return true;
}

export function termAt({ bytes, offsets }: TermBytes, id: number): string {
  return decoder.decode(bytes.subarray(offsets[id], offsets[id + 1]));
}

export function encodeTerm(term: string): Uint8Array {
  return encoder.encode(term);
}
