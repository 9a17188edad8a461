/**
 * The simulator's agenda: a binary min-heap of events ordered by (time, sequence number).
 * Sequence numbers are assigned at insertion, so events at the same virtual time run in the
 * order they were scheduled — ties are deterministic.
 */
export interface Scheduled {
  readonly time: number;
  readonly seq: number;
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue<E extends Scheduled> {
  readonly #heap: E[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(e: E): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as E;
      if (!before(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  peek(): E | undefined {
    return this.#heap[0];
  }

  pop(): E | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r] as E, h[l] as E) ? r : l;
      if (!before(h[c] as E, last)) break;
      h[i] = h[c] as E;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

/**
 * The simulator's agenda without an object per event (issue 12): a binary min-heap of
 * (time, sequence number, slot) in typed arrays, the events' fields in parallel arrays indexed
 * by slot (reused once popped). Same order as {@link EventQueue}: by time, then by sequence
 * number (assigned here, in push order), so equal times run in the order they were scheduled.
 *
 * `pop()` returns the slot of the earliest event (or -1); its fields stay readable through
 * `type` … `gen` until the next `push` (which may reuse the slot).
 */
export class EventAgenda {
  #size = 0;
  #seq = 0;
  #hTime = new Float64Array(1024);
  #hSeq = new Float64Array(1024);
  #hSlot = new Int32Array(1024);
  /** Free slots (a stack) and the number of slots ever used. */
  #free = new Int32Array(1024);
  #freeTop = 0;
  #slots = 0;
  type = new Uint8Array(1024);
  node = new Int32Array(1024);
  from = new Int32Array(1024);
  gen = new Float64Array(1024);
  msg: unknown[] = [];
  name: string[] = [];

  get size(): number {
    return this.#size;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.#size > 0 ? (this.#hTime[0] as number) : Infinity;
  }

  #grow(): void {
    const n = this.#hTime.length * 2;
    const f64 = (a: Float64Array<ArrayBuffer>) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array<ArrayBuffer>) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.#hTime = f64(this.#hTime);
    this.#hSeq = f64(this.#hSeq);
    this.#hSlot = i32(this.#hSlot);
    this.#free = i32(this.#free);
    const t = new Uint8Array(n);
    t.set(this.type);
    this.type = t;
    this.node = i32(this.node);
    this.from = i32(this.from);
    this.gen = f64(this.gen);
  }

  push(
    time: number,
    type: number,
    node: number,
    from: number,
    msg: unknown,
    name: string,
    gen: number,
  ): void {
    if (this.#size >= this.#hTime.length) this.#grow();
    let slot: number;
    if (this.#freeTop > 0) slot = this.#free[--this.#freeTop] as number;
    else slot = this.#slots++;
    this.type[slot] = type;
    this.node[slot] = node;
    this.from[slot] = from;
    this.gen[slot] = gen;
    this.msg[slot] = msg;
    this.name[slot] = name;
    const seq = this.#seq++;
    const ht = this.#hTime;
    const hs = this.#hSeq;
    const hl = this.#hSlot;
    let i = this.#size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ht[p] as number;
      if (time > pt || (time === pt && seq > (hs[p] as number))) break;
      ht[i] = pt;
      hs[i] = hs[p] as number;
      hl[i] = hl[p] as number;
      i = p;
    }
    ht[i] = time;
    hs[i] = seq;
    hl[i] = slot;
  }

  /** Calls `f` with the slot and time of every queued event, in no particular order (for
   * accounting at the end of a run). */
  forEachQueued(f: (slot: number, time: number) => void): void {
    for (let i = 0; i < this.#size; i++) f(this.#hSlot[i] as number, this.#hTime[i] as number);
  }

  /** Removes the earliest event and returns its slot (-1 when empty). */
  pop(): number {
    const n = this.#size;
    if (n === 0) return -1;
    const ht = this.#hTime;
    const hs = this.#hSeq;
    const hl = this.#hSlot;
    const top = hl[0] as number;
    // The slot is free for the next push; its fields stay until then.
    this.#free[this.#freeTop++] = top;
    const m = --this.#size;
    if (m === 0) return top;
    const lt = ht[m] as number;
    const ls = hs[m] as number;
    const ll = hl[m] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      let c = l;
      const r = l + 1;
      if (r < m) {
        const rt = ht[r] as number;
        const ct = ht[l] as number;
        if (rt < ct || (rt === ct && (hs[r] as number) < (hs[l] as number))) c = r;
      }
      const ct = ht[c] as number;
      if (ct > lt || (ct === lt && (hs[c] as number) > ls)) break;
      ht[i] = ct;
      hs[i] = hs[c] as number;
      hl[i] = hl[c] as number;
      i = c;
    }
    ht[i] = lt;
    hs[i] = ls;
    hl[i] = ll;
    return top;
  }
}
