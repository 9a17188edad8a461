/**
 * Owner-computes parallel search (bfs.ts, option `workers`), as DIVINE and LTSmin split it: the
 * fingerprint set is partitioned by hash among T threads (the calling thread is owner 0, the
 * worker threads of parallel.ts owners 1 … T − 1). Each owner keeps its part in its own table —
 * no sharing, no atomics on the hot path — expands the states it admitted, keeps the successors
 * it owns and sends those another owner owns to it in packed batches.
 *
 * Levels are synchronised, so depths are exact. Within a level a state belongs, as on one
 * thread, to the first transition in breadth-first order that generates it: a transition's key
 * is (the search's number of its parent, its position among the parent's generated successors),
 * and an owner that meets a state again with a smaller key re-keys it (a successor from another
 * owner's stream can arrive after one with a larger key). At the end of a level each owner sorts
 * its new states by key and the owners exchange their sorted keys, so that every owner knows
 * each of its states' number in the one-thread search's order — the numbers the next level's
 * keys use. So the distinct and generated counts, the coverage (which action discovered each
 * state) and the parent pointers are those of one thread.
 *
 * Anything that ends a search inside a level — an invariant or action-property violation, a
 * deadlock, a successor outside the layout, the `maxStates` budget — is not resolved here: the
 * owners stop at the end of that level, the calling thread rebuilds the one-thread search's
 * seen set and frontier as they were when the level began (`OwnerDump`), and the one-thread
 * search runs that level again (bfs.ts), which finds the same first event, counts and shortest
 * counterexample as if it had run alone from the start.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { HI, hashWords64, LO } from "./fingerprint.js";
import { LayoutMismatch, type StateCodec } from "./layout.js";
import { actionPropertiesByAction, type Model } from "./model.js";

/** How an owner starts: what the calling thread's search has found so far. */
export interface OwnerStart {
  readonly me: number;
  readonly T: number;
  /** Depth of the frontier states (the level the owners expand first). */
  readonly depth: number;
  /** The search's number for the next new state. */
  readonly base: number;
  readonly maxDepth: number;
  readonly maxStates: number;
  readonly checkDeadlock: boolean;
  /** Fingerprints of the states seen so far that this owner owns: (hi, lo) pairs. */
  readonly prefix: Uint32Array;
  /** The frontier states this owner expands first, in the search's order: (number, words…). */
  readonly frontier: Uint32Array;
}

/** What an owner reports when the owners stop (from the levels it completed). */
export interface OwnerDump {
  readonly generated: number;
  readonly enabled: number[];
  readonly taken: number[];
  readonly newCount: number[];
  readonly constrained: number;
  readonly depthCut: boolean;
  /** Completed levels' states (not the prefix): numbers, fingerprints, parents, actions, ordinals. */
  readonly numbers: Int32Array;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly parents: Int32Array;
  readonly actions: Int32Array;
  readonly ordinals: Int32Array;
  /** Bytes held by this owner's tables, columns and level buffers at their largest. */
  readonly peakBytes: number;
  /** When stopped inside a level: that level's parents this owner held (number, words…). */
  readonly frontier: Uint32Array;
}

/** The owners' common verdict after each level. */
export interface LevelOutcome {
  /** Something ends the search inside the level just expanded (see the module comment). */
  readonly stop: boolean;
  /** No owner has a state left to expand. */
  readonly done: boolean;
  /** The search's number for the next new state (after the level, when not stopped). */
  readonly base: number;
  /** Depth of the states expanded next (when not stopped: one more than before). */
  readonly depth: number;
}

type Msg =
  | { readonly k: "batch"; readonly rec: Int32Array; readonly n: number }
  | { readonly k: "sent" }
  | { readonly k: "dump"; readonly dump: OwnerDump }
  | {
      readonly k: "level";
      readonly stop: boolean;
      readonly count: number;
      readonly queued: number;
      readonly keyP: Int32Array;
      readonly keyS: Int32Array;
    };

/** Records per batch sent to another owner. */
const BATCH = 512;
/** Own parents expanded between two looks at the other owners' batches. */
const POLL_EVERY = 16;
const SENT_BITS = 15;
const RECENT_BITS = 14;

/** `a`, or a copy twice as large (or more) when it has fewer than `n` entries. */
const grown = <T extends Int32Array | Uint32Array | Uint8Array | Uint16Array>(
  a: T,
  n: number,
  make: (n: number) => T,
): T => {
  if (n <= a.length) return a;
  let cap = Math.max(1024, a.length * 2);
  while (cap < n) cap *= 2;
  const b = make(cap);
  b.set(a);
  return b;
};

/** Thrown inside an owner when the search is abandoned (another thread failed). */
export class OwnerAbort extends Error {}

/**
 * One owner's part of the search. `ports[q]` talks to owner q (null for itself); `mail` is an
 * Int32Array over a SharedArrayBuffer: [q] is bumped after every post to owner q, [T] is set
 * when the search is abandoned. `check` is called whenever the owner waits (the calling thread
 * looks for failed workers there).
 */
export class Owner {
  private readonly T: number;
  private readonly me: number;
  private readonly words: number;
  private readonly fpWords: number;
  private base: number;
  private depth: number;
  // Own table: slots × (hi, lo, local index); local 0 is a state seen before the owners began.
  private table: Uint32Array;
  private mask: number;
  private count = 0; // slots used
  private zero = -1;
  private readonly recent = new Uint32Array(3 << RECENT_BITS);
  private readonly sent = new Uint32Array(2 << SENT_BITS);
  // Per local state (1 …): parent's number, action, ordinal, own number.
  private nLocal = 1;
  private parentC = new Int32Array(1024);
  private actionC = new Uint16Array(1024);
  private ordinalC = new Int32Array(1024);
  private numberC = new Int32Array(1024);
  // The level being expanded: the local index of its first new state; per new state (rel):
  // key's position, the owner whose stream set it, flags (1: cut by the constraint), words.
  private curStart = 1;
  /** Local states below this belong to completed levels. */
  private committedEnd = 1;
  private keyS = new Int32Array(1024);
  private origin = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  private dst = new Uint32Array(1024);
  private lists: Int32Array[];
  private listLen: number[];
  private levelStop = false;
  // The parents being expanded: words (one record per state), their order and numbers.
  private src = new Uint32Array(0);
  private srcOrder = new Int32Array(0);
  private srcNumber = new Int32Array(0);
  private srcN = 0;
  // Outgoing batches, per owner.
  private readonly outbox: Int32Array[];
  private readonly outN: number[];
  private readonly rec: number;
  // Counters of completed levels, and of the level being expanded.
  private generated = 0;
  private readonly enabled: number[];
  private readonly taken: number[];
  private readonly newCount: number[];
  private constrained = 0;
  private depthCut = false;
  private lvGenerated = 0;
  private readonly lvEnabled: number[];
  private readonly lvTaken: number[];
  private peak = 0;
  // Expansion scratch.
  private readonly parentCodes: Int32Array;
  private readonly succCodes: Int32Array;
  private readonly tmpCodes: Int32Array;
  private readonly scratch: Uint32Array;
  private readonly symScratch: Uint32Array;
  private readonly fp = new Uint32Array(2);
  private readonly mailbox: Int32Array;
  private readonly maxDepth: number;
  private readonly maxStates: number;
  private readonly checkDeadlock: boolean;
  private readonly emit: () => void;
  private readonly expandParent: (number: number, w: Uint32Array, at: number) => void;
  private readonly admitChecks: (
    w: Uint32Array,
    at: number,
    codes: Int32Array | undefined,
    t: unknown,
  ) => number;

  constructor(
    model: Model<unknown, unknown>,
    config: unknown,
    symmetry: boolean,
    private readonly codec: StateCodec<unknown>,
    start: OwnerStart,
    private readonly ports: readonly (MessagePort | null)[],
    mail: SharedArrayBuffer,
    private readonly check: () => void,
  ) {
    this.T = start.T;
    this.me = start.me;
    this.words = codec.words;
    this.fpWords = codec.fpWords;
    this.base = start.base;
    this.depth = start.depth;
    this.maxDepth = start.maxDepth;
    this.maxStates = start.maxStates;
    this.checkDeadlock = start.checkDeadlock;
    this.mailbox = new Int32Array(mail);
    const A = model.actions.length;
    this.enabled = new Array<number>(A).fill(0);
    this.taken = new Array<number>(A).fill(0);
    this.newCount = new Array<number>(A).fill(0);
    this.lvEnabled = new Array<number>(A).fill(0);
    this.lvTaken = new Array<number>(A).fill(0);
    this.lists = Array.from({ length: this.T }, () => new Int32Array(1024));
    this.listLen = new Array<number>(this.T).fill(0);
    this.rec = 6 + this.words;
    this.outbox = Array.from({ length: this.T }, () => new Int32Array(BATCH * this.rec));
    this.outN = new Array<number>(this.T).fill(0);
    this.parentCodes = new Int32Array(codec.scalars);
    this.succCodes = new Int32Array(codec.scalars);
    this.tmpCodes = new Int32Array(codec.scalars);
    this.scratch = new Uint32Array(this.words);
    this.symScratch = new Uint32Array(this.words);
    let slots = 1 << 12;
    while (slots * 3 < start.prefix.length * 2 * 2) slots *= 2;
    this.table = new Uint32Array(slots * 3);
    this.mask = slots - 1;
    for (let p = 0; p < start.prefix.length; p += 2)
      this.insert(start.prefix[p] as number, start.prefix[p + 1] as number, 0);
    // The first parents.
    const stride = this.words + 1;
    const n = start.frontier.length / stride;
    this.src = new Uint32Array(n * this.words);
    this.srcOrder = new Int32Array(n);
    this.srcNumber = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      this.srcNumber[r] = start.frontier[r * stride] as number;
      this.srcOrder[r] = r;
      for (let w = 0; w < this.words; w++)
        this.src[r * this.words + w] = start.frontier[r * stride + 1 + w] as number;
    }
    this.srcN = n;

    // ---- Expansion (as the one-thread loop in bfs.ts) ---------------------------------------
    const sym = symmetry && model.symmetry !== undefined ? model.symmetry.bind(model) : undefined;
    const actions = model.actions;
    const aps = model.actionProperties ?? [];
    const propertiesOf = actionPropertiesByAction(model);
    const typeInvariant = model.typeInvariant?.bind(model);
    const invariants = model.invariants;
    const constraint = model.constraint?.bind(model);
    const terminal = model.terminal?.bind(model);
    const packedNext = actions.map((a) =>
      sym === undefined ? a.packed?.(config, codec) : undefined,
    );
    const packedHoldsOf = propertiesOf.map((qs, a) =>
      packedNext[a] === undefined ? [] : qs.map((q) => aps[q]?.packedHolds?.(config, codec)),
    );
    const anyPacked = packedNext.some((p) => p !== undefined);
    const packedType = anyPacked ? model.packedTypeInvariant?.(config, codec) : undefined;
    const packedInvariants = anyPacked ? invariants.map((q) => q.packedHolds?.(config, codec)) : [];
    const codesSuffice =
      anyPacked &&
      constraint === undefined &&
      (typeInvariant === undefined || packedType !== undefined) &&
      packedInvariants.every((q) => q !== undefined);
    /** Flags of a new state: 1 cut by the constraint, 2 some invariant fails. */
    this.admitChecks = (w, at, codes, t) => {
      if (codesSuffice) {
        let c = codes;
        if (c === undefined) {
          c = this.tmpCodes;
          codec.unpack(w, at, c);
        }
        if (packedType !== undefined && !packedType(c)) return 2;
        for (let v = 0; v < packedInvariants.length; v++)
          if (!(packedInvariants[v] as (c: Int32Array) => boolean)(c)) return 2;
        return 0;
      }
      const s = t ?? codec.decode(w, at);
      if (typeInvariant !== undefined && !typeInvariant(s, config)) return 2;
      for (let v = 0; v < invariants.length; v++)
        if (!(invariants[v] as (typeof invariants)[number]).holds(s, config)) return 2;
      return constraint !== undefined && !constraint(s, config) ? 1 : 0;
    };

    const parentCodes = this.parentCodes;
    const succCodes = this.succCodes;
    const scratch = this.scratch;
    const symScratch = this.symScratch;
    const fp = this.fp;
    const fpWords = this.fpWords;
    let pw: Uint32Array = scratch;
    let pat = 0;
    let pNumber = 0;
    let parent: unknown;
    const state = (): unknown => (parent ??= codec.decode(pw, pat));
    let seq = 0;
    let curA = 0;
    let curName = "";
    let curQs: readonly number[] = [];
    let curHs: readonly (
      ((before: Int32Array, after: Int32Array, action: string) => boolean) | undefined
    )[] = [];
    let curK = 0;
    let stopped = false;

    this.emit = (): void => {
      const kk = curK++;
      if (stopped) return;
      codec.pack(succCodes, scratch, 0);
      let t: unknown;
      for (let x = 0; x < curQs.length; x++) {
        const q = curQs[x] as number;
        const h = curHs[x];
        const ok =
          h !== undefined
            ? h(parentCodes, succCodes, curName)
            : (aps[q] as (typeof aps)[number]).holds(
                state(),
                (t ??= codec.decode(scratch, 0)),
                curName,
                config,
              );
        if (!ok) {
          stopped = true;
          return;
        }
      }
      let same = true;
      for (let w = 0; w < fpWords; w++)
        if (scratch[w] !== pw[pat + w]) {
          same = false;
          break;
        }
      if (!same) {
        hashWords64(scratch, 0, fpWords, fp);
        this.route(pNumber, seq, curA, kk, codesSuffice ? succCodes : undefined, t);
      }
      seq++;
    };

    this.expandParent = (number: number, w: Uint32Array, at: number): void => {
      pw = w;
      pat = at;
      pNumber = number;
      parent = undefined;
      seq = 0;
      let successors = 0;
      const lvEnabled = this.lvEnabled;
      const lvTaken = this.lvTaken;
      if (anyPacked) codec.unpack(w, at, parentCodes);
      for (let a = 0; a < actions.length; a++) {
        const action = actions[a] as (typeof actions)[number];
        const pn = packedNext[a];
        if (pn !== undefined) {
          curA = a;
          curName = action.name;
          curQs = propertiesOf[a] as number[];
          curHs = packedHoldsOf[a] as (typeof packedHoldsOf)[number];
          curK = 0;
          stopped = false;
          if (pn(parentCodes, succCodes, this.emit)) {
            const k = curK;
            if (k > 0) {
              successors += k;
              lvEnabled[a] = (lvEnabled[a] as number) + 1;
              lvTaken[a] = (lvTaken[a] as number) + k;
            }
            if (stopped) {
              this.levelStop = true;
              return;
            }
            continue;
          }
        }
        const s = state();
        const next = action.next(s, config);
        const n = next.length;
        if (n === 0) continue;
        successors += n;
        lvEnabled[a] = (lvEnabled[a] as number) + 1;
        lvTaken[a] = (lvTaken[a] as number) + n;
        for (let k = 0; k < n; k++) {
          const t = next[k];
          for (const q of propertiesOf[a] as number[])
            if (!(aps[q] as (typeof aps)[number]).holds(s, t, action.name, config)) {
              this.levelStop = true;
              return;
            }
          try {
            if (sym === undefined) {
              if (!codec.encodeFrom(t, s, w, at, scratch, 0)) {
                seq++;
                continue;
              }
              hashWords64(scratch, 0, fpWords, fp);
            } else {
              codec.encode(sym(t, config), symScratch, 0);
              hashWords64(symScratch, 0, fpWords, fp);
              codec.encode(t, scratch, 0);
            }
          } catch (e) {
            if (!(e instanceof LayoutMismatch)) throw e;
            // Outside the layout: the one-thread search decides what that means.
            this.levelStop = true;
            return;
          }
          this.route(number, seq, a, k, undefined, t);
          seq++;
        }
      }
      this.lvGenerated += successors;
      if (successors === 0 && this.checkDeadlock && terminal?.(state(), config) !== true)
        this.levelStop = true;
    };
  }

  /** A successor (its words in `scratch`) generated by own parent `p` at position `seq`. */
  private route(
    p: number,
    seq: number,
    a: number,
    k: number,
    codes: Int32Array | undefined,
    t: unknown,
  ): void {
    const T = this.T;
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    const o = T === 2 ? hi & 1 : hi % T;
    if (o === this.me) {
      this.offer(p, seq, a, k, this.me, this.scratch, 0, codes, t);
      return;
    }
    // Sent before (by this owner, with a smaller key, or in an earlier level): its owner has it.
    if (hi !== 0 || lo !== 0) {
      const c = ((hi ^ lo) & ((1 << SENT_BITS) - 1)) * 2;
      const sent = this.sent;
      if (sent[c] === hi && sent[c + 1] === lo) return;
      sent[c] = hi;
      sent[c + 1] = lo;
    }
    const box = this.outbox[o] as Int32Array;
    let q = (this.outN[o] as number) * this.rec;
    box[q++] = p;
    box[q++] = seq;
    box[q++] = a;
    box[q++] = k;
    box[q++] = hi;
    box[q++] = lo;
    const s = this.scratch;
    for (let w = 0; w < this.words; w++) box[q++] = s[w] as number;
    const n = (this.outN[o] as number) + 1;
    this.outN[o] = n;
    if (n === BATCH) this.flush(o);
  }

  private flush(o: number): void {
    const n = this.outN[o] as number;
    if (n === 0) return;
    const rec = this.outbox[o] as Int32Array;
    this.post(o, { k: "batch", rec, n }, [rec.buffer as ArrayBuffer]);
    this.outbox[o] = new Int32Array(BATCH * this.rec);
    this.outN[o] = 0;
  }

  private post(o: number, m: Msg, transfer: ArrayBuffer[] = []): void {
    (this.ports[o] as MessagePort).postMessage(m, transfer);
    Atomics.add(this.mailbox, o, 1);
    Atomics.notify(this.mailbox, o);
  }

  /** The local index of a fingerprint in the own table (0: seen before the owners), or −1. */
  private find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) return this.zero;
    const rc = this.recent;
    const c = ((hi ^ lo) & ((1 << RECENT_BITS) - 1)) * 3;
    if (rc[c] === hi && rc[c + 1] === lo) return rc[c + 2] as number;
    const t = this.table;
    const mask = this.mask;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const p = slot * 3;
      const h = t[p] as number;
      const l = t[p + 1] as number;
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) {
        const i = t[p + 2] as number;
        rc[c] = hi;
        rc[c + 1] = lo;
        rc[c + 2] = i;
        return i;
      }
      slot = (slot + 1) & mask;
    }
  }

  private insert(hi: number, lo: number, i: number): void {
    if (hi === 0 && lo === 0) {
      this.zero = i;
      return;
    }
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    this.count++;
    const t = this.table;
    const mask = this.mask;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const p = slot * 3;
      if (t[p] === 0 && t[p + 1] === 0) {
        t[p] = hi;
        t[p + 1] = lo;
        t[p + 2] = i;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = new Uint32Array(slots * 3);
    this.mask = slots - 1;
    const t = this.table;
    const mask = this.mask;
    for (let p = 0; p < old.length; p += 3) {
      const hi = old[p] as number;
      const lo = old[p + 1] as number;
      if (hi === 0 && lo === 0) continue;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (t[slot * 3] !== 0 || t[slot * 3 + 1] !== 0) slot = (slot + 1) & mask;
      t[slot * 3] = hi;
      t[slot * 3 + 1] = lo;
      t[slot * 3 + 2] = old[p + 2] as number;
    }
  }

  /**
   * An owned successor, key (p, seq), by action `a` (its `k`-th), from `from`'s stream; its
   * words at `w[at ..)`; `codes`/`t` its unpacked codes or object when the caller has them.
   */
  private offer(
    p: number,
    seq: number,
    a: number,
    k: number,
    from: number,
    w: Uint32Array,
    at: number,
    codes: Int32Array | undefined,
    t: unknown,
  ): void {
    const hi = this.fp[0] as number;
    const lo = this.fp[1] as number;
    const i = this.find(hi, lo);
    const words = this.words;
    if (i >= 0) {
      if (i < this.curStart) return; // an earlier level's
      const rel = i - this.curStart;
      const p0 = this.parentC[i] as number;
      if (p0 < p || (p0 === p && (this.keyS[rel] as number) < seq)) return;
      // An earlier transition of this level reaches it: it is this one's.
      this.parentC[i] = p;
      this.keyS[rel] = seq;
      this.actionC[i] = a;
      this.ordinalC[i] = k;
      this.origin[rel] = from;
      const d = rel * words;
      for (let x = 0; x < words; x++) this.dst[d + x] = w[at + x] as number;
      const f = this.admitChecks(this.dst, d, codes, t);
      if ((f & 2) !== 0) this.levelStop = true;
      this.flags[rel] = f;
      this.pushList(from, rel);
      return;
    }
    const j = this.nLocal++;
    const rel = j - this.curStart;
    if (j >= this.parentC.length) {
      const n = j + 1;
      this.parentC = grown(this.parentC, n, (m) => new Int32Array(m));
      this.actionC = grown(this.actionC, n, (m) => new Uint16Array(m));
      this.ordinalC = grown(this.ordinalC, n, (m) => new Int32Array(m));
      this.numberC = grown(this.numberC, n, (m) => new Int32Array(m));
    }
    if (rel >= this.keyS.length) {
      this.keyS = grown(this.keyS, rel + 1, (m) => new Int32Array(m));
      this.origin = grown(this.origin, rel + 1, (m) => new Uint8Array(m));
      this.flags = grown(this.flags, rel + 1, (m) => new Uint8Array(m));
    }
    if ((rel + 1) * words > this.dst.length)
      this.dst = grown(this.dst, (rel + 1) * words, (m) => new Uint32Array(m));
    this.parentC[j] = p;
    this.actionC[j] = a;
    this.ordinalC[j] = k;
    this.keyS[rel] = seq;
    this.origin[rel] = from;
    const d = rel * words;
    const dst = this.dst;
    for (let x = 0; x < words; x++) dst[d + x] = w[at + x] as number;
    this.insert(hi, lo, j);
    if (hi !== 0 || lo !== 0) {
      const c = ((hi ^ lo) & ((1 << RECENT_BITS) - 1)) * 3;
      this.recent[c] = hi;
      this.recent[c + 1] = lo;
      this.recent[c + 2] = j;
    }
    const f = this.admitChecks(dst, d, codes, t);
    if ((f & 2) !== 0) this.levelStop = true;
    this.flags[rel] = f;
    this.pushList(from, rel);
  }

  private pushList(from: number, rel: number): void {
    const n = this.listLen[from] as number;
    let l = this.lists[from] as Int32Array;
    if (n >= l.length) {
      l = grown(l, n + 1, (m) => new Int32Array(m));
      this.lists[from] = l;
    }
    l[n] = rel;
    this.listLen[from] = n + 1;
  }

  // ---- Messages -----------------------------------------------------------------------------
  private sentFrom = 0;
  private levels: Extract<Msg, { k: "level" }>[] = [];
  private readonly dumps: OwnerDump[] = [];
  /** Batches of the next level (a faster owner's) that arrive while this one ends its level. */
  private deferring = false;
  private deferred: { from: number; m: Extract<Msg, { k: "batch" }> }[] = [];

  private handle(from: number, m: Msg): void {
    if (m.k === "batch" && this.deferring) this.deferred.push({ from, m });
    else if (m.k === "batch") {
      const r = m.rec;
      const wr = new Uint32Array(r.buffer, r.byteOffset, r.length);
      const rec = this.rec;
      const fp = this.fp;
      for (let x = 0, q = 0; x < m.n; x++, q += rec) {
        fp[0] = r[q + 4] as number;
        fp[1] = r[q + 5] as number;
        this.offer(
          r[q] as number,
          r[q + 1] as number,
          r[q + 2] as number,
          r[q + 3] as number,
          from,
          wr,
          q + 6,
          undefined,
          undefined,
        );
      }
    } else if (m.k === "sent") this.sentFrom++;
    else if (m.k === "dump") this.dumps[from] = m.dump;
    else this.levels[from] = m;
  }

  /** Handles every message that has arrived; returns how many. */
  private drain(): number {
    let n = 0;
    for (let q = 0; q < this.T; q++) {
      const port = this.ports[q];
      if (port === null || port === undefined) continue;
      for (;;) {
        const got = receiveMessageOnPort(port);
        if (got === undefined) break;
        this.handle(q, got.message as Msg);
        n++;
      }
    }
    return n;
  }

  /** Waits (handling messages) until `done()`. */
  private waitUntil(done: () => boolean): void {
    const mb = this.mailbox;
    while (!done()) {
      if (Atomics.load(mb, this.T) !== 0) throw new OwnerAbort("search abandoned");
      const before = Atomics.load(mb, this.me);
      if (this.drain() > 0) continue;
      this.check();
      if (done()) break;
      Atomics.wait(mb, this.me, before, 200);
    }
  }

  // ---- Levels -------------------------------------------------------------------------------

  /** Expands one level with the other owners; returns their common verdict. */
  level(): LevelOutcome {
    const T = this.T;
    this.curStart = this.nLocal;
    this.listLen.fill(0);
    this.levelStop = false;
    this.lvGenerated = 0;
    this.lvEnabled.fill(0);
    this.lvTaken.fill(0);
    const words = this.words;
    const early = this.deferred;
    this.deferred = [];
    for (const { from, m } of early) this.handle(from, m);
    for (let r = 0; r < this.srcN && !this.levelStop; r++) {
      const o = this.srcOrder[r] as number;
      this.expandParent(this.srcNumber[r] as number, this.src, o * words);
      if ((r & (POLL_EVERY - 1)) === POLL_EVERY - 1) this.drain();
    }
    for (let o = 0; o < T; o++) if (o !== this.me) this.flush(o);
    for (let o = 0; o < T; o++) if (o !== this.me) this.post(o, { k: "sent" });
    this.waitUntil(() => this.sentFrom === T - 1);
    this.sentFrom = 0;

    // This owner's new states in the search's order: a merge of the streams' lists (each in
    // key order; an entry whose state another stream re-keyed since is skipped).
    const count = this.nLocal - this.curStart;
    const order = new Int32Array(count);
    const keyP = new Int32Array(count);
    const keyS = new Int32Array(count);
    const heads = new Array<number>(T).fill(0);
    const cs = this.curStart;
    for (let x = 0; x < count; x++) {
      let best = -1;
      let bp = 0;
      let bs = 0;
      for (let q = 0; q < T; q++) {
        const l = this.lists[q] as Int32Array;
        const n = this.listLen[q] as number;
        let h = heads[q] as number;
        while (h < n && this.origin[l[h] as number] !== q) h++;
        heads[q] = h;
        if (h === n) continue;
        const rel = l[h] as number;
        const p = this.parentC[cs + rel] as number;
        const s = this.keyS[rel] as number;
        if (best < 0 || p < bp || (p === bp && s < bs)) {
          best = q;
          bp = p;
          bs = s;
        }
      }
      const l = this.lists[best] as Int32Array;
      const rel = l[heads[best] as number] as number;
      heads[best] = (heads[best] as number) + 1;
      order[x] = rel;
      keyP[x] = bp;
      keyS[x] = bs;
    }
    const nextDepth = this.depth + 1;
    let queued = 0;
    for (let x = 0; x < count; x++)
      if ((this.flags[order[x] as number] as number) === 0 && nextDepth < this.maxDepth) queued++;
    for (let o = 0; o < T; o++)
      if (o !== this.me)
        this.post(o, { k: "level", stop: this.levelStop, count, queued, keyP, keyS });
    this.deferring = true;
    this.waitUntil(() => {
      for (let o = 0; o < T; o++) if (o !== this.me && this.levels[o] === undefined) return false;
      return true;
    });
    this.deferring = false;
    let total = count;
    let totalQueued = queued;
    let stop = this.levelStop;
    const peers = this.levels;
    this.levels = [];
    for (let o = 0; o < T; o++) {
      const m = peers[o];
      if (m === undefined) continue;
      total += m.count;
      totalQueued += m.queued;
      if (m.stop) stop = true;
    }
    if (this.base + total > this.maxStates) stop = true;
    this.peak = Math.max(this.peak, this.bytes());
    if (stop) return { stop: true, done: true, base: this.base, depth: this.depth };

    // Numbers: this owner's rank plus, per other owner, how many of its keys are smaller.
    const number = new Int32Array(count);
    for (let x = 0; x < count; x++) number[x] = this.base + x;
    for (let o = 0; o < T; o++) {
      const m = peers[o];
      if (m === undefined) continue;
      let y = 0;
      for (let x = 0; x < count; x++) {
        const p = keyP[x] as number;
        const s = keyS[x] as number;
        while (
          y < m.count &&
          ((m.keyP[y] as number) < p || ((m.keyP[y] as number) === p && (m.keyS[y] as number) < s))
        )
          y++;
        number[x] = (number[x] as number) + y;
      }
    }
    // Commit the level.
    this.generated += this.lvGenerated;
    for (let a = 0; a < this.enabled.length; a++) {
      this.enabled[a] = (this.enabled[a] as number) + (this.lvEnabled[a] as number);
      this.taken[a] = (this.taken[a] as number) + (this.lvTaken[a] as number);
    }
    const nextOrder = new Int32Array(queued);
    const nextNumber = new Int32Array(queued);
    let qn = 0;
    for (let x = 0; x < count; x++) {
      const rel = order[x] as number;
      const j = cs + rel;
      this.numberC[j] = number[x] as number;
      const a = this.actionC[j] as number;
      this.newCount[a] = (this.newCount[a] as number) + 1;
      if (this.flags[rel] === 1) this.constrained++;
      else if (nextDepth >= this.maxDepth) this.depthCut = true;
      else {
        nextOrder[qn] = rel;
        nextNumber[qn] = number[x] as number;
        qn++;
      }
    }
    // The new states are the next level's parents.
    const old = this.src;
    this.src = this.dst;
    this.dst = old;
    this.srcOrder = nextOrder;
    this.srcNumber = nextNumber;
    this.srcN = queued;
    this.base += total;
    this.depth = nextDepth;
    this.committedEnd = this.nLocal;
    return { stop: false, done: totalQueued === 0, base: this.base, depth: this.depth };
  }

  /** Sends this owner's dump to owner 0 (worker threads, when the owners stop). */
  sendDump(full: boolean): void {
    const d = this.dump(full);
    const transfer = [d.numbers, d.hi, d.lo, d.parents, d.actions, d.ordinals, d.frontier].map(
      (a) => a.buffer as ArrayBuffer,
    );
    this.post(0, { k: "dump", dump: d }, transfer);
  }

  /** Owner 0: waits for every other owner's dump; returns all, its own first. */
  collect(full: boolean): OwnerDump[] {
    this.waitUntil(() => {
      for (let o = 1; o < this.T; o++) if (this.dumps[o] === undefined) return false;
      return true;
    });
    return [this.dump(full), ...this.dumps.slice(1)];
  }

  /** Bytes held: table, columns, level buffers. */
  bytes(): number {
    return (
      this.table.byteLength +
      this.parentC.byteLength +
      this.actionC.byteLength +
      this.ordinalC.byteLength +
      this.numberC.byteLength +
      this.keyS.byteLength +
      this.origin.byteLength +
      this.flags.byteLength +
      this.src.byteLength +
      this.dst.byteLength
    );
  }

  /**
   * What this owner reports at the end: the completed levels' counters and states (`full`:
   * with their parents, actions and ordinals, and the parents of the level being expanded).
   */
  dump(full: boolean): OwnerDump {
    const end = this.committedEnd;
    const n = end - 1; // completed levels' states (local 1 … end − 1)
    const numbers = new Int32Array(n);
    const hi = new Uint32Array(n);
    const lo = new Uint32Array(n);
    const t = this.table;
    const put = (h: number, l: number, i: number) => {
      if (i < 1 || i >= end) return;
      hi[i - 1] = h;
      lo[i - 1] = l;
      numbers[i - 1] = this.numberC[i] as number;
    };
    for (let p = 0; p < t.length; p += 3)
      if (t[p] !== 0 || t[p + 1] !== 0) put(t[p] as number, t[p + 1] as number, t[p + 2] as number);
    if (this.zero >= 0) put(0, 0, this.zero);
    const words = this.words;
    const stride = words + 1;
    const frontier = new Uint32Array(full ? this.srcN * stride : 0);
    if (full)
      for (let r = 0; r < this.srcN; r++) {
        const o = (this.srcOrder[r] as number) * words;
        frontier[r * stride] = this.srcNumber[r] as number;
        for (let w = 0; w < words; w++) frontier[r * stride + 1 + w] = this.src[o + w] as number;
      }
    return {
      generated: this.generated,
      enabled: this.enabled,
      taken: this.taken,
      newCount: this.newCount,
      constrained: this.constrained,
      depthCut: this.depthCut,
      numbers,
      hi,
      lo,
      parents: full ? this.parentC.slice(1, end) : new Int32Array(0),
      actions: full ? Int32Array.from(this.actionC.subarray(1, end)) : new Int32Array(0),
      ordinals: full ? this.ordinalC.slice(1, end) : new Int32Array(0),
      peakBytes: this.peak,
      frontier,
    };
  }
}

/** Native 64-bit fingerprint words (fingerprint.ts `HI`, `LO`) of dumps' states. */
export function fingerprintWordsOf(dumps: readonly OwnerDump[], prefix: Uint32Array): Uint32Array {
  let n = prefix.length / 2;
  for (const d of dumps) n += d.numbers.length;
  const out = new Uint32Array(n * 2);
  out.set(prefix);
  let k = prefix.length;
  for (const d of dumps)
    for (let i = 0; i < d.numbers.length; i++, k += 2) {
      out[k + HI] = d.hi[i] as number;
      out[k + LO] = d.lo[i] as number;
    }
  return out;
}
