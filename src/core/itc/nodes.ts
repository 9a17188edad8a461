/**
 * Node construction and the registry of objects known to be valid and in normal form.
 *
 * Every node this module builds is frozen and registered; the registry holds only objects we
 * built ourselves (from scratch, or as the copy made when a caller's value passed validation), so
 * membership proves the whole subtree is valid and normal and cannot be mutated afterwards.
 *
 * The registry is a module-private set of objects. It is implemented with private-field brands
 * (`#brand in o`), which behave as a WeakSet — weak, unforgeable, module-private — but cost a few
 * nanoseconds per insertion where `WeakSet.prototype.add` measured ~170 ns (it dominated every
 * operation). The objects stay plain: prototype `Object.prototype`, only `l`/`r`/`n`/`id`/`event`
 * as own enumerable keys.
 */
import { CoreError } from "../errors.js";
import { fromArr, toArr, type EvArr } from "./compact.js";
import { MAX_COUNTER, type Ev, type EvNode, type Id, type IdNode, type Stamp } from "./types.js";

/** Returns its argument from the constructor so that subclasses can attach a private brand. */
class Adopt {
  constructor(o: object) {
    return o;
  }
}

class IdBrand extends Adopt {
  #itcId: undefined; // a brand: only its presence is tested (`in`), it holds no value
  static has(o: object): boolean {
    return #itcId in o;
  }
}

class EvBrand extends Adopt {
  #itcEv: undefined; // a brand: only its presence is tested (`in`), it holds no value
  static has(o: object): boolean {
    return #itcEv in o;
  }
}

/**
 * A stamp's private state: its event tree in object form and/or as the compact pre-order array of
 * compact.ts (at least one is set; the other is derived on first use and kept). Private fields
 * stay writable on a frozen object and are invisible to callers (keys, JSON, equality), so
 * filling the cache is not an observable mutation.
 */
class StampBrand extends Adopt {
  #itcStamp: undefined; // a brand: only its presence is tested (`in`), it holds no value
  #ev: Ev | undefined = undefined;
  #arr: EvArr | undefined = undefined;
  /**
   * The stamp whose event this one shares (fork, peek, send, sync), when that one had no object
   * tree yet: both then build, and return, the same tree. Never itself a sharing stamp.
   */
  #src: StampBrand | undefined = undefined;
  /** The Appendix-A encoding, once computed (callers get copies). */
  #bytes: Uint8Array | undefined = undefined;
  static bytes(o: object): Uint8Array | undefined {
    return (o as StampBrand).#bytes;
  }
  static keepBytes(o: object, b: Uint8Array): void {
    (o as StampBrand).#bytes = b;
  }
  static has(o: object): boolean {
    return #itcStamp in o;
  }
  static init(o: object, ev: Ev | undefined, arr: EvArr | undefined): void {
    const s = o as StampBrand;
    s.#ev = ev;
    s.#arr = arr;
  }
  /** Makes `o` share the event of `from` (set before `o` is handed out). */
  static share(o: object, from: object): void {
    const s = o as StampBrand;
    const f = from as StampBrand;
    s.#arr = f.#arr;
    s.#ev = f.#ev;
    if (s.#ev === undefined) s.#src = f.#src ?? f;
  }
  /** The object tree (built from the array on first use). */
  static ev(o: object): Ev {
    const s = o as StampBrand;
    let e = s.#ev;
    if (e === undefined) {
      const src = s.#src;
      if (src !== undefined) e = StampBrand.ev(src);
      else e = fromArr(s.#arr as EvArr);
      s.#ev = e;
    }
    return e;
  }
  /** The compact array (built from the object tree on first use). */
  static arr(o: object): EvArr {
    const s = o as StampBrand;
    let a = s.#arr;
    if (a === undefined) {
      a = toArr(s.#ev as Ev);
      s.#arr = a;
    }
    return a;
  }
  /** The compact form if already built, without building anything. */
  static peekArr(o: object): EvArr | undefined {
    return (o as StampBrand).#arr;
  }
}

/**
 * `event` is an enumerable, non-configurable accessor with one shared getter: the object tree is
 * built when a caller first reads it (stamps made by the operations hold only the array).
 */
const EVENT_PROPERTY: PropertyDescriptor = {
  get(this: object): Ev {
    return StampBrand.ev(this);
  },
  enumerable: true,
  configurable: false,
};

/** True when `x` is an id node built (or adopted) by this module. */
export function isKnownIdNode(x: unknown): x is IdNode {
  return typeof x === "object" && x !== null && IdBrand.has(x);
}

/** True when `x` is an event node built (or adopted) by this module. */
export function isKnownEvNode(x: unknown): x is EvNode {
  return typeof x === "object" && x !== null && EvBrand.has(x);
}

/** True when `x` is a stamp built (or adopted) by this module: valid, normal and frozen. */
export function isKnownStamp(x: unknown): x is Stamp {
  return typeof x === "object" && x !== null && StampBrand.has(x);
}

/** Builds a frozen id node; the caller guarantees that `(l, r)` is normal. */
export function idNode(l: Id, r: Id): IdNode {
  const o = { l, r };
  new IdBrand(o);
  return Object.freeze(o);
}

/** Builds a normal id from normal children: `(0,0) → 0`, `(1,1) → 1`. */
export function mkId(l: Id, r: Id): Id {
  if (l === 0 && r === 0) return 0;
  if (l === 1 && r === 1) return 1;
  return idNode(l, r);
}

/** Builds a frozen event node; the caller guarantees that `(n, l, r)` is normal. */
export function evNode(n: number, l: Ev, r: Ev): EvNode {
  const o = { n, l, r };
  new EvBrand(o);
  return Object.freeze(o);
}

/** The base (root value) of an event; for a normal tree this is also its minimum. */
export function base(e: Ev): number {
  return typeof e === "number" ? e : e.n;
}

/** `e` with `m` subtracted from its root (m ≤ base e). */
function sink(e: Ev, m: number): Ev {
  return typeof e === "number" ? e - m : evNode(e.n - m, e.l, e.r);
}

/**
 * Builds the normal form of `(n, l, r)` from normal children: `(n, m, m) → n+m` for integers and
 * otherwise lifts the common minimum of the children into the root. O(1): normal children have
 * their minimum at the root.
 */
export function mkEv(n: number, l: Ev, r: Ev): Ev {
  if (typeof l === "number") {
    if (typeof r === "number") {
      if (l === r) return n + l;
      if (l < r) return l === 0 ? evNode(n, 0, r) : evNode(n + l, 0, r - l);
      return r === 0 ? evNode(n, l, 0) : evNode(n + r, l - r, 0);
    }
    const m = l < r.n ? l : r.n;
    return m === 0 ? evNode(n, l, r) : evNode(n + m, l - m, sink(r, m));
  }
  const bl = l.n;
  const br = base(r);
  const m = bl < br ? bl : br;
  return m === 0 ? evNode(n, l, r) : evNode(n + m, sink(l, m), sink(r, m));
}

/**
 * Like {@link mkEv} but returns `orig` itself when the result would be structurally identical to
 * it (same root value, identical children), preserving sharing and identity.
 */
export function mkEvLike(orig: EvNode, n: number, l: Ev, r: Ev): Ev {
  if (n === orig.n && l === orig.l && r === orig.r) return orig;
  return mkEv(n, l, r);
}

function freshStamp(id: Id, ev: Ev | undefined, arr: EvArr | undefined): Stamp {
  const o = { id };
  Object.defineProperty(o, "event", EVENT_PROPERTY);
  new StampBrand(o);
  StampBrand.init(o, ev, arr);
  return Object.freeze(o) as Stamp;
}

/** Builds a frozen stamp from a normal id and a normal event. */
export function mkStamp(id: Id, event: Ev): Stamp {
  return freshStamp(id, event, undefined);
}

/** Builds a frozen stamp from a normal id and a normal event in compact form (never written again). */
export function mkStampArr(id: Id, arr: EvArr): Stamp {
  return freshStamp(id, arr.length === 1 ? (arr[0] as number) : undefined, arr);
}

/** A stamp with id `id` and the event of `s` (sharing whatever forms `s` has built). */
export function withId(id: Id, s: Stamp): Stamp {
  const o = { id };
  Object.defineProperty(o, "event", EVENT_PROPERTY);
  new StampBrand(o);
  StampBrand.share(o, s);
  return Object.freeze(o) as Stamp;
}

/** The compact event of one of our stamps. */
export function evArr(s: Stamp): EvArr {
  return StampBrand.arr(s);
}

/** The encoding of one of our stamps if already computed (never hand it out: copy it). */
export function cachedBytes(s: Stamp): Uint8Array | undefined {
  return StampBrand.bytes(s);
}

/** Keeps the encoding of one of our stamps (the caller no longer writes `b`). */
export function keepBytes(s: Stamp, b: Uint8Array): void {
  StampBrand.keepBytes(s, b);
}

/** The compact event of one of our stamps, if already built (without building it). */
export function builtArr(s: Stamp): EvArr | undefined {
  return StampBrand.peekArr(s);
}

/** Throws when a counter would leave the safe-integer range. */
export function checkCounter(v: number): number {
  if (v > MAX_COUNTER) {
    throw new CoreError(
      "ITC_MALFORMED",
      `event counter would exceed Number.MAX_SAFE_INTEGER (${MAX_COUNTER})`,
    );
  }
  return v;
}

/** The seed stamp `(1, 0)`. */
export const SEED: Stamp = mkStamp(1, 0);
