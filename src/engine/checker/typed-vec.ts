/** A growable typed array (doubling), for the checker's per-state and per-edge records. */
type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array;

export class TypedVec<T extends Typed> {
  private buf: T;
  private len = 0;

  constructor(
    private readonly make: (n: number) => T,
    initialCapacity = 1024,
  ) {
    this.buf = make(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.len;
  }

  push(v: number): void {
    if (this.len === this.buf.length) this.reserve(this.len + 1);
    this.buf[this.len++] = v;
  }

  /** Appends `count` zeros and returns the index of the first. */
  pushZeros(count: number): number {
    const at = this.len;
    this.reserve(this.len + count);
    this.buf.fill(0, at, at + count);
    this.len += count;
    return at;
  }

  get(i: number): number {
    return this.buf[i] as number;
  }

  set(i: number, v: number): void {
    this.buf[i] = v;
  }

  /** The filled part, without copying. */
  view(): T {
    return this.buf.subarray(0, this.len) as T;
  }

  /** Bytes allocated (capacity, not length). */
  bytes(): number {
    return this.buf.byteLength;
  }

  private reserve(n: number): void {
    if (n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < n) cap *= 2;
    const next = this.make(cap);
    next.set(this.buf);
    this.buf = next;
  }
}
