import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Whole-file reads into one ArrayBuffer and writes of typed arrays, in chunks: one call is
 * limited to 2 GiB, and index files (a 1M x 384 matrix, a large segment's postings) are near it.
 */
const CHUNK = 1 << 26;

export function readFileBytes(file: string): ArrayBuffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = new ArrayBuffer(size);
    const bytes = new Uint8Array(buffer);
    for (let at = 0; at < size;) {
      const read = readSync(fd, bytes, at, Math.min(CHUNK, size - at), at);
      if (read === 0) throw new Error(`${file} ended early`);
      at += read;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** Writes a typed array's bytes at the file descriptor's position. */
export function writeBytes(fd: number, values: ArrayBufferView): void {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let at = 0; at < bytes.length; at += CHUNK) writeSync(fd, bytes.subarray(at, at + CHUNK));
}
