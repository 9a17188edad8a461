/**
 * The breadth-first frontier as packed states: a FIFO of fixed-size records (the state's number,
 * then its encoding's words) in chunks of typed arrays, allocated as the queue grows and
 * dropped as it is consumed. States are decoded only to be expanded.
 */
const RECORDS_PER_CHUNK = 4096;

export class Frontier {
  /** Words per record: the state number, then the encoding. */
  readonly stride: number;
  private readonly chunkWords: number;
  private chunks: Uint32Array[] = [];
  /** Record position of chunks[0]'s first record. */
  private base = 0;
  private head = 0;
  private tail = 0;
  private peakChunks = 0;

  constructor(readonly words: number) {
    this.stride = words + 1;
    this.chunkWords = this.stride * RECORDS_PER_CHUNK;
  }

  /** Records waiting. */
  get length(): number {
    return this.tail - this.head;
  }

  /** Records pushed so far (the position the next push gets). */
  get pushed(): number {
    return this.tail;
  }

  /** Records popped so far. */
  get popped(): number {
    return this.head;
  }

  /** Appends a record: `index` and `words` words copied from `src[at ..]`. */
  push(index: number, src: Uint32Array, at: number): void {
    const rel = this.tail - this.base;
    const c = Math.floor(rel / RECORDS_PER_CHUNK);
    if (c >= this.chunks.length) {
      this.chunks.push(new Uint32Array(this.chunkWords));
      if (this.chunks.length > this.peakChunks) this.peakChunks = this.chunks.length;
    }
    const chunk = this.chunks[c] as Uint32Array;
    const off = (rel - c * RECORDS_PER_CHUNK) * this.stride;
    chunk[off] = index;
    for (let k = 0; k < this.words; k++) chunk[off + 1 + k] = src[at + k] as number;
    this.tail++;
  }

  /**
   * Pops the oldest record; returns the chunk holding it and sets `this.at` to the record's
   * offset there (the state number at `at`, the encoding from `at + 1`). The chunk stays valid
   * until the next pop.
   */
  pop(): Uint32Array {
    let rel = this.head - this.base;
    if (rel >= RECORDS_PER_CHUNK) {
      this.chunks.shift();
      this.base += RECORDS_PER_CHUNK;
      rel -= RECORDS_PER_CHUNK;
    }
    this.head++;
    this.at = rel * this.stride;
    return this.chunks[0] as Uint32Array;
  }

  /** Offset of the last popped record in the chunk `pop` returned. */
  at = 0;

  /** Bytes of the chunks held now. */
  bytes(): number {
    return this.chunks.length * this.chunkWords * 4;
  }

  /** Bytes of the most chunks held at once. */
  peakBytes(): number {
    return this.peakChunks * this.chunkWords * 4;
  }
}
