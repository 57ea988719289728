import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readFileBytes, writeBytes } from '../file-bytes.js';

/**
 * A segment's deleted labels in one index version: a small file of ascending 32-bit labels
 * after a magic string. A version that deletes nothing new links its predecessor's file.
 */
const MAGIC = 'PSLXDEL1';

export function writeDeletions(file: string, labels: Iterable<number>): void {
  const sorted = Int32Array.from(labels).sort();
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, Buffer.from(MAGIC));
    writeBytes(fd, sorted);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readDeletions(file: string): Int32Array {
  const buffer = readFileBytes(file);
  const magic = Buffer.from(buffer, 0, Math.min(8, buffer.byteLength)).toString('latin1');
  if (magic !== MAGIC || (buffer.byteLength - 8) % 4 !== 0) {
    throw new Error(`${file}: not a deletion set`);
  }
  return new Int32Array(buffer, 8);
}
