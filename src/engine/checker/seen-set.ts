/**
 * The breadth-first search's set of seen states: 64-bit fingerprints in an open-addressing table
 * (linear probing, load ≤ ¾, doubling), and per state — numbered 0, 1, 2, … in discovery order —
 * what trace reconstruction needs: the parent's number (−1 for initial states), the action that
 * discovered it and the successor's position in that action's list (for initial states: the
 * position in Init). A trace is rebuilt by replaying those positions from Init (replay.ts), so
 * the states themselves are never stored.
 *
 * Per state: 8 bytes in the table (16 at the lowest load after doubling) + 4 (parent) + 2
 * (action) + 2 (position) = 16 to 24 bytes; the per-state columns grow in chunks, without the
 * slack and copying of doubling. When the liveness graph is kept (`indexed`), the table also
 * maps a fingerprint to its state's number and each state's fingerprint is kept (for edges to
 * seen states and for replaying a lasso): 8 + 4 more bytes.
 */
import { HI, LO } from "./fingerprint.js";

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
const EMPTY_ORDINAL = 0xffff;
/**
 * The cache of recently found or added fingerprints (direct-mapped, in front of the table): a
 * breadth-first search meets the same successors again soon (siblings, the states of the
 * previous level), and the small cache answers those without a probe of the large table, whose
 * random accesses miss the processor's caches. Every entry is in the set, so it is exact. It
 * has a quarter as many entries as the table has slots, between these bounds (at most 256 KiB
 * without the liveness index: the size of a processor's L2 cache). Router.big's lookups hit it
 * 23 % of the time with 8 192 entries, 43 % with 32 768; DenominatorGossip.big's 62 % and 65 %.
 */
const RECENT_MIN = 1024;
const RECENT_MAX = 32768;
const recentEntries = (slots: number) => Math.min(RECENT_MAX, Math.max(RECENT_MIN, slots >>> 2));

/**
 * A growable column of numbers in fixed-size chunks (no doubling slack past the first chunk,
 * which doubles from 1024 entries so that small searches stay small).
 */
class Column<T extends Int32Array | Uint16Array | Uint32Array> {
  private readonly chunks: T[] = [];
  constructor(private readonly make: (n: number) => T) {}
  set(i: number, v: number): void {
    const c = i >>> CHUNK_BITS;
    if (c >= this.chunks.length || (c === 0 && i >= (this.chunks[0] as T).length)) this.extend(i);
    (this.chunks[c] as T)[i & MASK] = v;
  }
  private extend(i: number): void {
    const c = i >>> CHUNK_BITS;
    if (c === 0) {
      const first = this.chunks[0];
      let n = first === undefined ? 1024 : first.length;
      while (n <= i) n *= 2;
      const next = this.make(Math.min(CHUNK, n));
      if (first !== undefined) next.set(first);
      this.chunks[0] = next;
      return;
    }
    if (this.chunks.length === 1 && (this.chunks[0] as T).length < CHUNK) this.extend(CHUNK - 1);
    while (c >= this.chunks.length) this.chunks.push(this.make(CHUNK));
  }
  get(i: number): number {
    return (this.chunks[i >>> CHUNK_BITS] as T)[i & MASK] as number;
  }
  bytes(): number {
    return this.chunks.reduce((t, c) => t + c.byteLength, 0);
  }
}

export class SeenSet {
  private n = 0;
  /** Slots × (hi, lo[, index]); a slot with hi = lo = 0 is empty (fingerprint 0 is kept apart). */
  private table: Uint32Array;
  private slots: number;
  private mask: number;
  private readonly width: number;
  private zeroIndex = -1;
  /** recentMask + 1 entries of (hi, lo[, index]): fingerprints in the set, found or added recently. */
  private recent: Uint32Array;
  private recentMask: number;
  private readonly parents = new Column((n) => new Int32Array(n));
  private readonly actions = new Column((n) => new Uint16Array(n));
  private readonly ordinals = new Column((n) => new Uint16Array(n));
  private readonly bigOrdinals = new Map<number, number>();
  private readonly fpHi?: Column<Uint32Array>;
  private readonly fpLo?: Column<Uint32Array>;

  /** Bumped whenever the table is reallocated (parallel workers then get the new one). */
  version = 0;

  /**
   * `shared`: the table lives in a SharedArrayBuffer, so that parallel workers can look
   * fingerprints up while the search adds to it (parallel.ts).
   */
  constructor(
    readonly indexed: boolean,
    private readonly shared = false,
    initialSlots = 1 << 12,
  ) {
    this.width = indexed ? 3 : 2;
    this.slots = initialSlots;
    this.mask = initialSlots - 1;
    this.table = this.allocate(initialSlots * this.width);
    const entries = recentEntries(initialSlots);
    this.recent = new Uint32Array(entries * this.width);
    this.recentMask = entries - 1;
    if (indexed) {
      this.fpHi = new Column((n) => new Uint32Array(n));
      this.fpLo = new Column((n) => new Uint32Array(n));
    }
  }

  get size(): number {
    return this.n;
  }

  /**
   * Looks up a fingerprint: its state number when `indexed`, else 0, if present; −1 if not.
   */
  find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) return this.zeroIndex < 0 ? -1 : this.indexed ? this.zeroIndex : 0;
    const wd = this.width;
    const rc = this.recent;
    const c = ((hi ^ lo) & this.recentMask) * wd;
    if (rc[c] === hi && rc[c + 1] === lo) return wd === 3 ? (rc[c + 2] as number) : 0;
    const t = this.table;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const p = slot * wd;
      const h = t[p] as number;
      const l = t[p + 1] as number;
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) {
        rc[c] = hi;
        rc[c + 1] = lo;
        if (wd === 3) {
          const i = t[p + 2] as number;
          rc[c + 2] = i;
          return i;
        }
        return 0;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Adds a fingerprint not yet present (call `find` first) as state number `size`, discovered
   * from `parent` by `action` as the successor at `ordinal`. Returns the new state's number.
   */
  add(hi: number, lo: number, parent: number, action: number, ordinal: number): number {
    const i = this.n++;
    this.parents.set(i, parent);
    this.actions.set(i, action);
    if (ordinal >= EMPTY_ORDINAL) {
      this.ordinals.set(i, EMPTY_ORDINAL);
      this.bigOrdinals.set(i, ordinal);
    } else this.ordinals.set(i, ordinal);
    this.fpHi?.set(i, hi);
    this.fpLo?.set(i, lo);
    if (hi === 0 && lo === 0) {
      this.zeroIndex = i;
      return i;
    }
    if ((this.n - (this.zeroIndex >= 0 ? 1 : 0)) * 4 > this.slots * 3) this.grow();
    this.insert(hi, lo, i);
    const c = ((hi ^ lo) & this.recentMask) * this.width;
    this.recent[c] = hi;
    this.recent[c + 1] = lo;
    if (this.width === 3) this.recent[c + 2] = i;
    return i;
  }

  /**
   * `find`, then `add` if absent, with one probe of the table — for sets without `indexed`, as
   * the parallel merge uses them: −1 when the fingerprint is present; −2 when it is absent and
   * `size` ≥ `limit` (nothing added); else the new state's number.
   */
  addIfAbsent(
    hi: number,
    lo: number,
    parent: number,
    action: number,
    ordinal: number,
    limit: number,
  ): number {
    if (this.indexed || (hi === 0 && lo === 0)) {
      if (this.find(hi, lo) >= 0) return -1;
      return this.n >= limit ? -2 : this.add(hi, lo, parent, action, ordinal);
    }
    const rc = this.recent;
    const c = ((hi ^ lo) & this.recentMask) * 2;
    if (rc[c] === hi && rc[c + 1] === lo) return -1;
    const t = this.table;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const p = slot * 2;
      const h = t[p] as number;
      const l = t[p + 1] as number;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) {
        rc[c] = hi;
        rc[c + 1] = lo;
        return -1;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.n >= limit) return -2;
    // Growing rehashes the table: then `add` probes again.
    if ((this.n + 1 - (this.zeroIndex >= 0 ? 1 : 0)) * 4 > this.slots * 3)
      return this.add(hi, lo, parent, action, ordinal);
    const i = this.n++;
    this.parents.set(i, parent);
    this.actions.set(i, action);
    if (ordinal >= EMPTY_ORDINAL) {
      this.ordinals.set(i, EMPTY_ORDINAL);
      this.bigOrdinals.set(i, ordinal);
    } else this.ordinals.set(i, ordinal);
    const p = slot * 2;
    // lo first: a concurrent reader never sees a slot with hi set and lo still empty.
    t[p + 1] = lo;
    t[p] = hi;
    rc[c] = hi;
    rc[c + 1] = lo;
    return i;
  }

  private allocate(words: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(words * 4)) : new Uint32Array(words);
  }

  /** The table (shared sets): slots × `width` words, (hi, lo[, index]) each, (0, 0) empty. */
  sharedTable(): { table: Uint32Array; slots: number; width: number } {
    return { table: this.table, slots: this.slots, width: this.width };
  }

  private insert(hi: number, lo: number, i: number): void {
    const t = this.table;
    const wd = this.width;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const p = slot * wd;
      if (t[p] === 0 && t[p + 1] === 0) {
        // lo first: a concurrent reader never sees a slot with hi set and lo still empty.
        t[p + 1] = lo;
        t[p] = hi;
        if (wd === 3) t[p + 2] = i;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const wd = this.width;
    this.slots *= 2;
    this.mask = this.slots - 1;
    this.table = this.allocate(this.slots * wd);
    this.version++;
    const entries = recentEntries(this.slots);
    if (entries !== this.recentMask + 1) {
      // A cache only: a larger one starts empty.
      this.recent = new Uint32Array(entries * wd);
      this.recentMask = entries - 1;
    }
    for (let p = 0; p < old.length; p += wd) {
      const h = old[p] as number;
      const l = old[p + 1] as number;
      if (h !== 0 || l !== 0) this.insert(h, l, wd === 3 ? (old[p + 2] as number) : 0);
    }
  }

  parent(i: number): number {
    return this.parents.get(i);
  }

  action(i: number): number {
    return this.actions.get(i);
  }

  /** The position of state i in its discovering action's successor list (or in Init). */
  ordinal(i: number): number {
    const o = this.ordinals.get(i);
    return o === EMPTY_ORDINAL ? (this.bigOrdinals.get(i) ?? o) : o;
  }

  /** State i's fingerprint (`indexed` sets only). */
  fingerprintOf(i: number): { hi: number; lo: number } {
    if (this.fpHi === undefined || this.fpLo === undefined)
      throw new Error("SeenSet: fingerprints by state number are kept only when indexed");
    return { hi: this.fpHi.get(i), lo: this.fpLo.get(i) };
  }

  /**
   * Every stored fingerprint as a native 64-bit value (fingerprint.ts `HI`, `LO`: 2 words each,
   * in table order), for `observedCollisionProbabilityOfWords`: one pass, no per-half arrays.
   */
  fingerprintWords(): Uint32Array {
    const out = new Uint32Array(this.n * 2);
    let k = this.zeroIndex >= 0 ? 2 : 0; // (0, 0)
    const t = this.table;
    const wd = this.width;
    for (let p = 0; p < t.length; p += wd) {
      const h = t[p] as number;
      const l = t[p + 1] as number;
      if (h !== 0 || l !== 0) {
        out[k + HI] = h;
        out[k + LO] = l;
        k += 2;
      }
    }
    return out;
  }

  /** Bytes held by the table and the per-state columns. */
  bytes(): number {
    return (
      this.table.byteLength +
      this.parents.bytes() +
      this.actions.bytes() +
      this.ordinals.bytes() +
      this.bigOrdinals.size * 32 +
      this.recent.byteLength +
      (this.fpHi?.bytes() ?? 0) +
      (this.fpLo?.bytes() ?? 0)
    );
  }
}
