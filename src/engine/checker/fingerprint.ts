/**
 * State fingerprints: a deterministic 64-bit hash of a state's canonical text.
 *
 * Canonical text is JSON-like with every source of nondeterminism removed: object keys sorted,
 * Set elements and Map entries sorted by their own canonical text, -0 written as 0, and tagged
 * forms for what JSON lacks (`#set[…]`, `#map[…]`, `#tup[…]`, `12n` for bigints, bare `NaN` /
 * `Infinity`). Two states have the same canonical text iff they are equal as plain data.
 *
 * The hash runs two 32-bit lanes over the UTF-16 code units — FNV-1a (prime 16777619) and a
 * multiply-xorshift lane (multiplier 0x5bd1e995, MurmurHash2's) — and finishes both with
 * MurmurHash3's fmix32 avalanche, cross-feeding each lane into the other, then mixing in the
 * length. The 64-bit result is (hi, lo). `bench/checker.bench.ts` measures its throughput and
 * counts collisions on a million near-identical texts.
 */
import { isTuple } from "../trace/itf.js";

/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical text of a plain-data value (see the module comment). Throws on functions and
 * symbols, which states must not contain.
 */
export function canonicalText(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      if (Number.isFinite(v)) return v === 0 ? "0" : String(v);
      return String(v); // NaN, Infinity, -Infinity: bare, so never equal to a string's text
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return `${v}n`;
    case "undefined":
      return "undefined";
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let s = "[";
        for (let i = 0; i < v.length; i++) s += (i === 0 ? "" : ",") + canonicalText(v[i]);
        return `${s}]`;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null)
        return isTuple(v)
          ? `#tup${canonicalText(v.items)}`
          : objectText(v as Record<string, unknown>);
      if (v instanceof Set) {
        const items: string[] = [];
        for (const x of v) items.push(canonicalText(x));
        return `#set[${items.sort(cmpText).join(",")}]`;
      }
      if (v instanceof Map) {
        const entries: [string, string][] = [];
        for (const [k, x] of v) entries.push([canonicalText(k), canonicalText(x)]);
        entries.sort((a, b) => cmpText(a[0], b[0]));
        return `#map[${entries.map(([k, x]) => `${k}:${x}`).join(",")}]`;
      }
      if (isTuple(v)) return `#tup${canonicalText(v.items)}`;
      if (ArrayBuffer.isView(v)) {
        const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return `#bytes[${bytes.join(",")}]`;
      }
      return objectText(v as Record<string, unknown>);
    }
    default:
      throw new Error(`a ${typeof v} cannot be part of a state`);
  }
}

/** `"key":` for each key seen, so that keys are escaped once, not once per state. */
const keyPrefix = new Map<string, string>();

function prefixOf(k: string): string {
  let p = keyPrefix.get(k);
  if (p === undefined) {
    p = `${JSON.stringify(k)}:`;
    if (keyPrefix.size < 100_000) keyPrefix.set(k, p);
  }
  return p;
}

function objectText(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort(cmpText);
      break;
    }
  let s = "{";
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    s += (first ? "" : ",") + prefixOf(k) + canonicalText(x);
    first = false;
  }
  return `${s}}`;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes `text` to 64 bits and writes (hi, lo) into `out[0]`, `out[1]`. Allocation-free: the
 * checker calls it once per generated state.
 */
export function hashText64(text: string, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hi = fmix32((a ^ Math.imul(b, 0x27d4eb2d) ^ n) >>> 0);
  const lo = fmix32((b ^ Math.imul(hi, 0x165667b1) ^ Math.imul(n, 0x9e3779b1)) >>> 0);
  out[0] = hi;
  out[1] = lo;
}

// ---- Streaming: the same hash without building the text --------------------------------------

/** Lanes of the streaming hasher (module state: the checker is single-threaded). */
let laneA = 0;
let laneB = 0;
let fed = 0;

function feed(t: string): void {
  let a = laneA;
  let b = laneB;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  laneA = a;
  laneB = b;
  fed += n;
}

/** Feeds the canonical text of `v` piece by piece, in exactly the order `canonicalText` builds it. */
function feedValue(v: unknown): void {
  if (typeof v === "object" && v !== null) {
    if (Array.isArray(v)) {
      feed("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) feed(",");
        feedValue(v[i]);
      }
      feed("]");
      return;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if ((proto === Object.prototype || proto === null) && !isTuple(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      for (let i = 1; i < keys.length; i++)
        if ((keys[i - 1] as string) > (keys[i] as string)) {
          keys.sort(cmpText);
          break;
        }
      feed("{");
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined) continue;
        if (!first) feed(",");
        feed(prefixOf(k));
        feedValue(x);
        first = false;
      }
      feed("}");
      return;
    }
    if (isTuple(v)) {
      feed("#tup");
      feedValue(v.items);
      return;
    }
  }
  // Sets, Maps (sorted by their elements' texts), typed arrays and scalars: through the text.
  feed(canonicalText(v));
}

/**
 * `hashText64(canonicalText(v), out)` without materialising the text: the checker's hot path.
 * Returns the length of the canonical text (the checker's memory estimate uses it).
 */
export function hashValue64(v: unknown, out: Uint32Array): number {
  laneA = 0x811c9dc5;
  laneB = 0x9747b28c;
  fed = 0;
  feedValue(v);
  const n = fed;
  const hi = fmix32((laneA ^ Math.imul(laneB, 0x27d4eb2d) ^ n) >>> 0);
  const lo = fmix32((laneB ^ Math.imul(hi, 0x165667b1) ^ Math.imul(n, 0x9e3779b1)) >>> 0);
  out[0] = hi;
  out[1] = lo;
  return n;
}

const scratch = new Uint32Array(2);

/** The fingerprint of a plain-data value: the 64-bit hash of its canonical text. */
export function fingerprint(v: unknown): Fingerprint {
  hashText64(canonicalText(v), scratch);
  return { hi: scratch[0] as number, lo: scratch[1] as number };
}

/** A fingerprint as 16 hex digits. */
export function fingerprintHex(fp: Fingerprint): string {
  return fp.hi.toString(16).padStart(8, "0") + fp.lo.toString(16).padStart(8, "0");
}

const TWO_64 = 2 ** 64;

/**
 * Probability that two of `n` distinct states share a 64-bit fingerprint, if fingerprints are
 * uniform: the birthday bound n(n−1)/2⁶⁵. A collision makes the checker take a new state for a
 * seen one (and miss what lies beyond it), so this bounds the chance the search was incomplete.
 */
export function collisionProbability(n: number): number {
  return n < 2 ? 0 : Math.min(1, (n * (n - 1)) / (2 * TWO_64));
}

/**
 * TLC's "calculated (optimistic)" estimate: n·(g−n)/2⁶⁴ for n distinct of g generated states
 * (each of the g−n revisits could have matched a wrong one of n fingerprints).
 */
export function tlcCollisionProbability(distinct: number, generated: number): number {
  return Math.min(1, (distinct * Math.max(0, generated - distinct)) / TWO_64);
}

/**
 * TLC's estimate "based on the actual fingerprints" (after Broder): 1 / the smallest distance
 * between two of the fingerprints, sorted as unsigned 64-bit integers. 0 with fewer than two;
 * 1 if two are equal.
 */
export function observedCollisionProbability(
  hi: Uint32Array,
  lo: Uint32Array,
  count: number,
): number {
  if (count < 2) return 0;
  // Interleaved (lo, hi) words are the little-endian 64-bit values: sorted natively as such,
  // without a BigInt per fingerprint.
  const words = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    words[2 * i + LO] = lo[i] as number;
    words[2 * i + HI] = hi[i] as number;
  }
  return observedCollisionProbabilityOfWords(words, count);
}

/** Whether this machine stores numbers little-endian (the low word of a 64-bit value first). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Where the high and the low 32 bits of a native 64-bit value are, in a pair of words. */
export const HI = LITTLE_ENDIAN ? 1 : 0;
export const LO = 1 - HI;

/**
 * `observedCollisionProbability` of `count` fingerprints already laid out as native unsigned
 * 64-bit values (the pair of words 2i, 2i + 1 holds fingerprint i: its high half at `+ HI`, its
 * low half at `+ LO`), as the seen set writes them; sorts `words` in place.
 */
export function observedCollisionProbabilityOfWords(words: Uint32Array, count: number): number {
  if (count < 2) return 0;
  new BigUint64Array(words.buffer, words.byteOffset, count).sort();
  let min = Infinity;
  for (let i = 1; i < count; i++) {
    const dh = (words[2 * i + HI] as number) - (words[2 * i - 2 + HI] as number);
    const dl = (words[2 * i + LO] as number) - (words[2 * i - 2 + LO] as number);
    if (dh === 0 && dl === 0) return 1;
    // The exact difference rounded once to a double, as Number(bigint) would.
    const d = dh * 4294967296 + dl;
    if (d < min) min = d;
  }
  return 1 / min;
}

// ---- Packed states: a 64-bit hash of 32-bit words ---------------------------------------------

/**
 * Hashes `n` words `w[at .. at + n)` to 64 bits into `out[0]` (hi), `out[1]` (lo): two 32-bit
 * lanes, each word mixed in MurmurHash3's way (multiply, rotate, multiply) with different
 * constants per lane, the lanes cross-fed and finished with fmix32. Allocation-free; the hash of
 * a packed state (layout.ts) is this over its fingerprinted words.
 */
export function hashWords64(w: Uint32Array, at: number, n: number, out: Uint32Array): void {
  let a = 0x9747b28c ^ n;
  let b = 0x85ebca6b ^ Math.imul(n, 0x27d4eb2d);
  for (let i = 0; i < n; i++) {
    const k = w[at + i] as number;
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    a ^= Math.imul(k1, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k ^ (k >>> 16), 0x7feb352d);
    k2 = (k2 << 17) | (k2 >>> 15);
    b ^= Math.imul(k2, 0x846ca68b);
    b = (b << 11) | (b >>> 21);
    b = (Math.imul(b, 9) + 0x52dce729) | 0;
  }
  const hi = fmix32((a ^ Math.imul(b, 0x27d4eb2d)) >>> 0);
  const lo = fmix32((b ^ Math.imul(hi, 0x165667b1) ^ a) >>> 0);
  out[0] = hi;
  out[1] = lo;
}
