/** Typed arrays that grow by doubling: postings and tables whose size is known only at the end. */

type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

interface TypedArrayType<T extends TypedArray> {
  new (length: number): T;
}

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly type: TypedArrayType<T>,
    capacity = 1024,
  ) {
    this.data = new type(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Appends `values[from, to)`. */
  append(values: TypedArray, from = 0, to = values.length): void {
    const count = to - from;
    if (this.length + count > this.data.length) this.grow(this.length + count);
    this.data.set(values.subarray(from, to) as never, this.length);
    this.length += count;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** A view of the values pushed so far; valid until the next push. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  /** The values pushed so far in an array of their own, the spare capacity let go. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** Grows to at least `length` entries without pushing (new entries read 0). */
  ensureLength(length: number): void {
    if (length > this.data.length) this.grow(length);
    if (length > this.length) this.length = length;
  }

  private grow(needed: number): void {
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.type(capacity);
    next.set(this.data as never);
    this.data = next;
  }
}
