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
import { MAX_COUNTER, type Ev, type EvNode, type Id, type IdNode, type Stamp } from "./types.js";

/** Returns its argument from the constructor so that subclasses can attach a private brand. */
class Adopt {
  constructor(o: object) {
    return o;
  }
}

class IdBrand extends Adopt {
  #itcId = true;
  static has(o: object): boolean {
    return #itcId in o;
  }
}

class EvBrand extends Adopt {
  #itcEv = true;
  static has(o: object): boolean {
    return #itcEv in o;
  }
}

class StampBrand extends Adopt {
  #itcStamp = true;
  static has(o: object): boolean {
    return #itcStamp in o;
  }
}

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

/** `e` with `m` added to its root. */
export function lift(e: Ev, m: number): Ev {
  if (m === 0) return e;
  return typeof e === "number" ? e + m : evNode(e.n + m, e.l, e.r);
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

/** Builds a frozen stamp from a normal id and a normal event. */
export function mkStamp(id: Id, event: Ev): Stamp {
  const o = { id, event };
  new StampBrand(o);
  return Object.freeze(o);
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
