/** Vectors stored as little-endian float32 bytes (SQLite BLOBs, Postgres bytea). */
export function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function decodeVector(blob: Uint8Array, dims: number): Float32Array {
  if (blob.byteLength !== dims * 4) {
    throw new Error(`stored vector has ${blob.byteLength / 4} dimensions, expected ${dims}`);
  }
  // Copy: the blob's buffer may be shared and unaligned.
  const out = new Float32Array(dims);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
