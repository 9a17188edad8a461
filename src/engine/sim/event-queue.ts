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

  /** The queued events, in no particular order (for accounting at the end of a run). */
  items(): readonly E[] {
    return this.#heap;
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
