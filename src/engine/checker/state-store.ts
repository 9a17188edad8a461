/**
 * The set of seen states, stored as fingerprints only, with a parent pointer per state for
 * trace reconstruction. States get indices 0, 1, 2, … in discovery order; per index the store
 * keeps the fingerprint (two Uint32), the parent's index (Int32, −1 for initial states) and the
 * index of the action that discovered it (Uint16; for initial states the position in Init).
 * Membership is an open-addressing hash table (linear probing, load ≤ ½) of Int32 indices.
 *
 * Cost per state: 8 (fingerprint) + 4 (parent) + 2 (action) + 8 (table at load ½, 2 slots of 4
 * bytes) = 22 bytes, plus the slack of doubling growth.
 */
export class StateStore {
  private n = 0;
  private capacity: number;
  private hi: Uint32Array;
  private lo: Uint32Array;
  private parents: Int32Array;
  private actions: Uint16Array;
  /** slot → state index + 1 (0 = empty). */
  private table: Int32Array;
  private mask: number;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.parents = new Int32Array(this.capacity);
    this.actions = new Uint16Array(this.capacity);
    const slots = StateStore.slotsFor(this.capacity);
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
  }

  private static slotsFor(capacity: number): number {
    let s = 16;
    while (s < capacity * 2) s *= 2;
    return s;
  }

  /** Number of states stored. */
  get size(): number {
    return this.n;
  }

  /**
   * Adds a state unless its fingerprint is present. Returns the new index (≥ 0), or
   * `-(existing index) - 1` when the fingerprint was already stored.
   */
  add(hi: number, lo: number, parent: number, action: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const e = this.table[slot] as number;
      if (e === 0) break;
      const i = e - 1;
      if (this.lo[i] === lo && this.hi[i] === hi) return -i - 1;
      slot = (slot + 1) & this.mask;
    }
    if (this.n === this.capacity) {
      this.growArrays();
      return this.add(hi, lo, parent, action);
    }
    const i = this.n++;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.parents[i] = parent;
    this.actions[i] = action;
    this.table[slot] = i + 1;
    return i;
  }

  /** The index of a stored fingerprint, or −1. */
  indexOf(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const e = this.table[slot] as number;
      if (e === 0) return -1;
      const i = e - 1;
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
      slot = (slot + 1) & this.mask;
    }
  }

  fingerprintHi(i: number): number {
    return this.hi[i] as number;
  }

  fingerprintLo(i: number): number {
    return this.lo[i] as number;
  }

  parent(i: number): number {
    return this.parents[i] as number;
  }

  action(i: number): number {
    return this.actions[i] as number;
  }

  /** Views of the fingerprint halves of the stored states (for the collision estimate). */
  fingerprints(): { hi: Uint32Array; lo: Uint32Array } {
    return { hi: this.hi.subarray(0, this.n), lo: this.lo.subarray(0, this.n) };
  }

  /** Bytes held by the store's typed arrays. */
  bytes(): number {
    return (
      this.hi.byteLength +
      this.lo.byteLength +
      this.parents.byteLength +
      this.actions.byteLength +
      this.table.byteLength
    );
  }

  private growArrays(): void {
    const cap = this.capacity * 2;
    const grow = <T extends Uint32Array | Int32Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.hi = grow(this.hi, (n) => new Uint32Array(n));
    this.lo = grow(this.lo, (n) => new Uint32Array(n));
    this.parents = grow(this.parents, (n) => new Int32Array(n));
    this.actions = grow(this.actions, (n) => new Uint16Array(n));
    this.capacity = cap;
    const slots = StateStore.slotsFor(cap);
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    for (let i = 0; i < this.n; i++) {
      let slot = ((this.lo[i] as number) ^ Math.imul(this.hi[i] as number, 0x9e3779b1)) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = i + 1;
    }
  }
}
