/**
 * SPEC.md §8 (Interval Tree Clocks) transcribed independently of `src/core/itc`: the paper's
 * equations (Almeida, Baquero, Fonte, OPODIS 2008, §5 and Appendix A; `shared/notes/itc.md`),
 * written as directly as possible — recursive, on plain JSON trees, bits as strings — so that it
 * can be read against the paper line by line. The ITC suite compares an implementation's results
 * with it on generated stamps (normal forms are unique, so every operation's result is fixed).
 *
 * It recurses on the tree depth: it is used on generated stamps (depth well under 1 000), never
 * on the 100 000-level trees of ITC-11.
 */

export type OId = 0 | 1 | { readonly l: OId; readonly r: OId };
export type OEv = number | { readonly n: number; readonly l: OEv; readonly r: OEv };
export interface OStamp {
  readonly id: OId;
  readonly event: OEv;
}

/** Largest counter SPEC §8 allows: every effective counter is a safe integer. */
export const ORACLE_MAX_COUNTER = Number.MAX_SAFE_INTEGER;
/** SPEC §8, Decision (grow): the cost of a new node; an increment costs 1. */
export const ORACLE_NODE_COST = 1000;

// ---------------------------------------------------------------------------------------------
// Shapes and normal forms

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const hasExactly = (o: Record<string, unknown>, keys: readonly string[]) =>
  Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));

function wellFormedId(v: unknown): v is OId {
  if (v === 0 || v === 1) return true;
  return isObj(v) && hasExactly(v, ["l", "r"]) && wellFormedId(v.l) && wellFormedId(v.r);
}

/** A counter tree whose effective counters (sums along paths from `above`) are safe integers. */
function wellFormedEv(v: unknown, above = 0): v is OEv {
  if (typeof v === "number")
    return Number.isInteger(v) && v >= 0 && v + above <= ORACLE_MAX_COUNTER;
  if (!isObj(v) || !hasExactly(v, ["n", "l", "r"])) return false;
  const n = v.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n + above > ORACLE_MAX_COUNTER)
    return false;
  return wellFormedEv(v.l, above + n) && wellFormedEv(v.r, above + n);
}

export function wellFormed(s: unknown): s is OStamp {
  return isObj(s) && hasExactly(s, ["id", "event"]) && wellFormedId(s.id) && wellFormedEv(s.event);
}

const base = (e: OEv): number => (typeof e === "number" ? e : e.n);

/** Normal ids: no node (0,0) or (1,1) anywhere. */
export function normalId(i: OId): boolean {
  if (typeof i === "number") return true;
  if ((i.l === 0 && i.r === 0) || (i.l === 1 && i.r === 1)) return false;
  return normalId(i.l) && normalId(i.r);
}

/** Normal events: every node has a child of base 0 and is not (n, m, m) with m an integer. */
export function normalEv(e: OEv): boolean {
  if (typeof e === "number") return true;
  if (typeof e.l === "number" && typeof e.r === "number" && e.l === e.r) return false;
  if (Math.min(base(e.l), base(e.r)) !== 0) return false;
  return normalEv(e.l) && normalEv(e.r);
}

export function isNormal(s: unknown): s is OStamp {
  return wellFormed(s) && normalId(s.id) && normalEv(s.event);
}

/** norm of an id node whose children are normal: (0,0) → 0, (1,1) → 1. */
function normIdNode(l: OId, r: OId): OId {
  if (l === 0 && r === 0) return 0;
  if (l === 1 && r === 1) return 1;
  return { l, r };
}

const lift = (e: OEv, m: number): OEv => (typeof e === "number" ? e + m : { ...e, n: e.n + m });
const sink = (e: OEv, m: number): OEv => (typeof e === "number" ? e - m : { ...e, n: e.n - m });

/** norm of an event node whose children are normal: (n,m,m) → n+m, else sink the children's min. */
function normEvNode(n: number, l: OEv, r: OEv): OEv {
  if (typeof l === "number" && typeof r === "number" && l === r) return n + l;
  const m = Math.min(base(l), base(r));
  return { n: n + m, l: sink(l, m), r: sink(r, m) };
}

export function normalizeId(i: OId): OId {
  return typeof i === "number" ? i : normIdNode(normalizeId(i.l), normalizeId(i.r));
}

export function normalizeEv(e: OEv): OEv {
  return typeof e === "number" ? e : normEvNode(e.n, normalizeEv(e.l), normalizeEv(e.r));
}

export function normalize(s: OStamp): OStamp {
  if (normalId(s.id) && normalEv(s.event)) return s;
  return { id: normalizeId(s.id), event: normalizeEv(s.event) };
}

// ---------------------------------------------------------------------------------------------
// Operations (paper §5)

export const seed = (): OStamp => ({ id: 1, event: 0 });

/** split of the paper. */
export function split(i: OId): [OId, OId] {
  if (i === 0) return [0, 0];
  if (i === 1)
    return [
      { l: 1, r: 0 },
      { l: 0, r: 1 },
    ];
  if (i.l === 0) {
    const [a, b] = split(i.r);
    return [
      { l: 0, r: a },
      { l: 0, r: b },
    ];
  }
  if (i.r === 0) {
    const [a, b] = split(i.l);
    return [
      { l: a, r: 0 },
      { l: b, r: 0 },
    ];
  }
  return [
    { l: i.l, r: 0 },
    { l: 0, r: i.r },
  ];
}

export function fork(s: OStamp): [OStamp, OStamp] {
  const [a, b] = split(s.id);
  return [
    { id: a, event: s.event },
    { id: b, event: s.event },
  ];
}

export const peek = (s: OStamp): OStamp => ({ id: 0, event: s.event });

/** sum of the paper; undefined when the ids overlap (they have no sum). */
export function sum(a: OId, b: OId): OId | undefined {
  if (a === 0) return b;
  if (b === 0) return a;
  if (a === 1 || b === 1) return undefined;
  const l = sum(a.l, b.l);
  const r = sum(a.r, b.r);
  return l === undefined || r === undefined ? undefined : normIdNode(l, r);
}

/** join of events: the pointwise maximum, normalised. */
export function joinEv(a: OEv, b: OEv): OEv {
  if (typeof a === "number" && typeof b === "number") return Math.max(a, b);
  if (typeof a === "number") return joinEv({ n: a, l: 0, r: 0 }, b);
  if (typeof b === "number") return joinEv(a, { n: b, l: 0, r: 0 });
  if (a.n > b.n) return joinEv(b, a);
  const d = b.n - a.n;
  return normEvNode(a.n, joinEv(a.l, lift(b.l, d)), joinEv(a.r, lift(b.r, d)));
}

/** join of stamps; undefined when the ids overlap (a misuse that must be reported). */
export function join(a: OStamp, b: OStamp): OStamp | undefined {
  const id = sum(a.id, b.id);
  return id === undefined ? undefined : { id, event: joinEv(a.event, b.event) };
}

/** leq of the paper, on events. */
export function leqEv(a: OEv, b: OEv): boolean {
  if (typeof a === "number") return a <= base(b);
  if (typeof b === "number")
    return a.n <= b && leqEv(lift(a.l, a.n), b) && leqEv(lift(a.r, a.n), b);
  return (
    a.n <= b.n && leqEv(lift(a.l, a.n), lift(b.l, b.n)) && leqEv(lift(a.r, a.n), lift(b.r, b.n))
  );
}

export const leq = (a: OStamp, b: OStamp): boolean => leqEv(a.event, b.event);

const minEv = (e: OEv): number =>
  typeof e === "number" ? e : e.n + Math.min(minEv(e.l), minEv(e.r));
const maxEv = (e: OEv): number =>
  typeof e === "number" ? e : e.n + Math.max(maxEv(e.l), maxEv(e.r));

/** fill of the paper: inflate the event using only the id's intervals, adding no node. */
export function fill(i: OId, e: OEv): OEv {
  if (i === 0) return e;
  if (i === 1) return maxEv(e);
  if (typeof e === "number") return e;
  if (i.l === 1) {
    const r = fill(i.r, e.r);
    return normEvNode(e.n, Math.max(maxEv(e.l), minEv(r)), r);
  }
  if (i.r === 1) {
    const l = fill(i.l, e.l);
    return normEvNode(e.n, l, Math.max(maxEv(e.r), minEv(l)));
  }
  return normEvNode(e.n, fill(i.l, e.l), fill(i.r, e.r));
}

/** grow of the paper: [grown event, cost]; an increment costs 1, a new node ORACLE_NODE_COST. */
export function grow(i: OId, e: OEv): [OEv, number] {
  if (i === 1 && typeof e === "number") return [e + 1, 0];
  if (i === 0) throw new Error("grow on id 0");
  if (typeof e === "number") {
    const [g, c] = grow(i, { n: e, l: 0, r: 0 });
    return [g, c + ORACLE_NODE_COST];
  }
  if (i === 1) throw new Error("grow: id 1 with an event node (fill applies)");
  if (i.l === 0) {
    const [r, c] = grow(i.r, e.r);
    return [{ n: e.n, l: e.l, r }, c + 1];
  }
  if (i.r === 0) {
    const [l, c] = grow(i.l, e.l);
    return [{ n: e.n, l, r: e.r }, c + 1];
  }
  const [gl, cl] = grow(i.l, e.l);
  const [gr, cr] = grow(i.r, e.r);
  // The cheaper side; on equal cost the right one (SPEC §8, Decision).
  return cl < cr ? [{ n: e.n, l: gl, r: e.r }, cl + 1] : [{ n: e.n, l: e.l, r: gr }, cr + 1];
}

const sameEv = (a: OEv, b: OEv): boolean => JSON.stringify(a) === JSON.stringify(b);

/** How an event was made: by fill, or by grow (and whether grow had a tie between its sides). */
export interface EventTrace {
  readonly by: "fill" | "grow";
  /** grow met a node whose two sides cost the same (it took the right one). */
  readonly tie: boolean;
}

function growTies(i: OId, e: OEv): boolean {
  if (typeof i === "number") return false;
  const node = typeof e === "number" ? { n: e, l: 0, r: 0 } : e;
  if (i.l === 0) return growTies(i.r, node.r);
  if (i.r === 0) return growTies(i.l, node.l);
  const [, cl] = grow(i.l, node.l);
  const [, cr] = grow(i.r, node.r);
  if (cl === cr) return true;
  return cl < cr ? growTies(i.l, node.l) : growTies(i.r, node.r);
}

/**
 * event of the paper: fill if it changes the event, else grow; the result normalised. Undefined
 * for id 0 (a misuse); `overflow` when a counter would exceed 2^53 − 1 (it must be reported).
 */
export function event(s: OStamp): OStamp | undefined | "overflow" {
  if (s.id === 0) return undefined;
  const f = fill(s.id, s.event);
  const e = sameEv(f, s.event) ? normalizeEv(grow(s.id, s.event)[0]) : f;
  return maxEv(e) > ORACLE_MAX_COUNTER ? "overflow" : { id: s.id, event: e };
}

export function eventTrace(s: OStamp): EventTrace | undefined {
  if (s.id === 0) return undefined;
  if (!sameEv(fill(s.id, s.event), s.event)) return { by: "fill", tie: false };
  return { by: "grow", tie: growTies(s.id, s.event) };
}

/** The largest effective counter of a stamp. */
export const maxCounter = (s: OStamp): number => maxEv(s.event);

/** Depth of a tree (a leaf is 0). */
export function depth(t: OId | OEv): number {
  if (typeof t === "number") return 0;
  return 1 + Math.max(depth(t.l), depth(t.r));
}

/** Paper notation, e.g. `((1,0), (0,2,0))`. */
export function show(s: OStamp): string {
  const id = (i: OId): string => (typeof i === "number" ? String(i) : `(${id(i.l)},${id(i.r)})`);
  const ev = (e: OEv): string =>
    typeof e === "number" ? String(e) : `(${e.n},${ev(e.l)},${ev(e.r)})`;
  return `(${id(s.id)}, ${ev(s.event)})`;
}

// ---------------------------------------------------------------------------------------------
// Appendix A: the binary encoding, as bit strings

/** encn(n, B): 0 then n in B bits if n < 2^B, else 1 then encn(n − 2^B, B + 1). */
export function encn(n: number, b: number): string {
  const p = 2 ** b;
  if (n < p) return "0" + n.toString(2).padStart(b, "0");
  return "1" + encn(n - p, b + 1);
}

export function encId(i: OId): string {
  if (i === 0) return "000";
  if (i === 1) return "001";
  if (i.l === 0) return "01" + encId(i.r);
  if (i.r === 0) return "10" + encId(i.l);
  return "11" + encId(i.l) + encId(i.r);
}

const encInt = (n: number): string => "1" + encn(n, 2);

export function encEv(e: OEv): string {
  if (typeof e === "number") return encInt(e);
  const { n, l, r } = e;
  if (n === 0) {
    if (l === 0) return "000" + encEv(r);
    if (r === 0) return "001" + encEv(l);
    return "010" + encEv(l) + encEv(r);
  }
  if (l === 0) return "01100" + encInt(n) + encEv(r);
  if (r === 0) return "01101" + encInt(n) + encEv(l);
  return "0111" + encInt(n) + encEv(l) + encEv(r);
}

/** The stamp's bits: id then event (before padding). */
export const encodeBits = (s: OStamp): string => encId(s.id) + encEv(s.event);

export function bitsToBytes(bits: string): Uint8Array {
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, "0");
  const out = new Uint8Array(padded.length / 8);
  for (let k = 0; k < out.length; k++) out[k] = parseInt(padded.slice(8 * k, 8 * k + 8), 2);
  return out;
}

export function bytesToBits(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(2).padStart(8, "0");
  return s;
}

/** Appendix A: id bits then event bits, zero-padded to whole bytes. */
export const encode = (s: OStamp): Uint8Array => bitsToBytes(encodeBits(s));

/** Why a byte string is not a canonical encoding (the decoder must reject it). */
export type DecodeRejection =
  | "truncated"
  | "trailing-bytes"
  | "non-zero-padding"
  | "counter-overflow"
  | "not-normal"
  | "not-canonical";

class Bits {
  pos = 0;
  constructor(readonly s: string) {}
  take(k: number): string {
    if (this.pos + k > this.s.length) throw new Rejected("truncated");
    const out = this.s.slice(this.pos, this.pos + k);
    this.pos += k;
    return out;
  }
}

class Rejected {
  constructor(readonly why: DecodeRejection) {}
}

function readInt(b: Bits): number {
  let width = 2;
  let offset = 0;
  while (b.take(1) === "1") {
    offset += 2 ** width;
    width++;
    if (width > 60) throw new Rejected("counter-overflow");
  }
  const v = offset + parseInt(b.take(width), 2);
  if (v > ORACLE_MAX_COUNTER) throw new Rejected("counter-overflow");
  return v;
}

function readId(b: Bits): OId {
  const t = b.take(2);
  if (t === "00") return b.take(1) === "1" ? 1 : 0;
  if (t === "01") return { l: 0, r: readId(b) };
  if (t === "10") return { l: readId(b), r: 0 };
  const l = readId(b);
  return { l, r: readId(b) };
}

function readEv(b: Bits): OEv {
  if (b.take(1) === "1") return readInt(b);
  const t = b.take(2);
  if (t === "00") return { n: 0, l: 0, r: readEv(b) };
  if (t === "01") return { n: 0, l: readEv(b), r: 0 };
  if (t === "10") {
    const l = readEv(b);
    return { n: 0, l, r: readEv(b) };
  }
  const full = b.take(1) === "1";
  const right = full ? false : b.take(1) === "0";
  if (b.take(1) !== "1") throw new Rejected("not-canonical"); // n is written as an integer event
  const n = readInt(b);
  if (full) {
    const l = readEv(b);
    return { n, l, r: readEv(b) };
  }
  return right ? { n, l: 0, r: readEv(b) } : { n, l: readEv(b), r: 0 };
}

/**
 * The strict decoder SPEC §8 asks for: the stamp, or why the bytes are not exactly the encoding
 * of a normal stamp (truncated, trailing bytes, non-zero padding, counters beyond 2^53 − 1, a
 * tree that is not normal, or another encoding of it than Appendix A's).
 */
export function decode(
  bytes: Uint8Array,
): { ok: true; stamp: OStamp } | { ok: false; why: DecodeRejection } {
  const bits = new Bits(bytesToBits(bytes));
  let s: OStamp;
  try {
    s = { id: readId(bits), event: readEv(bits) };
  } catch (e) {
    if (e instanceof Rejected) return { ok: false, why: e.why };
    throw e;
  }
  const used = Math.ceil(bits.pos / 8);
  if (used < bytes.length) return { ok: false, why: "trailing-bytes" };
  if (/1/.test(bits.s.slice(bits.pos))) return { ok: false, why: "non-zero-padding" };
  if (!wellFormedEv(s.event)) return { ok: false, why: "counter-overflow" };
  if (!normalId(s.id) || !normalEv(s.event)) return { ok: false, why: "not-normal" };
  if (encodeBits(s) !== bits.s.slice(0, bits.pos)) return { ok: false, why: "not-canonical" };
  return { ok: true, stamp: s };
}
