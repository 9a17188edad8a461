/**
 * The compact binary encoding of the paper's Appendix A, bits most-significant first:
 *
 *   id 0 → 000   id 1 → 001   (0,i) → 01 i   (i,0) → 10 i   (l,r) → 11 l r
 *   event (0,0,r) → 000 r   (0,l,0) → 001 l   (0,l,r) → 010 l r
 *         (n,0,r) → 01100 n r   (n,l,0) → 01101 n l   (n,l,r) → 0111 n l r
 *         integer n → 1 encn(n, 2)
 *   encn(n, B) → 0 then n in B bits when n < 2^B, else 1 then encn(n − 2^B, B+1)
 *
 * A stamp is its id's bits then its event's bits, padded with zero bits to whole bytes.
 * Decoding is strict: anything that is not exactly `encode` of a normal stamp is rejected.
 */
import { CoreError } from "../errors.js";
import { endsOf, type EvArr } from "./compact.js";
import { builtArr, cachedBytes, evNode, idNode, keepBytes, mkStamp } from "./nodes.js";
import { MAX_COUNTER, type Ev, type Id, type Stamp } from "./types.js";
import { requireStamp } from "./validate.js";

// ---------------------------------------------------------------------------------------------
// Writing

/** Appends bits, most significant first, into a reusable growing buffer. */
class Writer {
  buf = new Uint8Array(256);
  /** Whole bytes written. */
  len = 0;
  /** Pending bits (fewer than 8), right-aligned. */
  acc = 0;
  nacc = 0;

  reset(): void {
    this.len = 0;
    this.acc = 0;
    this.nacc = 0;
  }

  /** Appends the low `c` bits of `v` (c ≤ 24, 0 ≤ v < 2^c). */
  put(v: number, c: number): void {
    let acc = (this.acc << c) | v;
    let nacc = this.nacc + c;
    if (nacc >= 8) {
      if (this.len + 4 > this.buf.length) this.enlarge();
      const buf = this.buf;
      let len = this.len;
      while (nacc >= 8) {
        nacc -= 8;
        buf[len++] = (acc >>> nacc) & 0xff;
      }
      this.len = len;
      acc &= (1 << nacc) - 1;
    }
    this.acc = acc;
    this.nacc = nacc;
  }

  /** Appends `v` in `c` bits, for any c ≤ 53. */
  putWide(v: number, c: number): void {
    if (c <= 24) {
      this.put(v, c);
      return;
    }
    const hi = Math.floor(v / 0x1000000);
    this.putWide(hi, c - 24);
    this.put(v - hi * 0x1000000, 24);
  }

  /** Appends the integer form: 1, then encn(n, 2). */
  putInt(n: number): void {
    if (n < 4) this.put(0b1000 | n, 4);
    else if (n < 12) this.put(0b110000 | (n - 4), 6);
    else if (n < 28) this.put(0b11100000 | (n - 12), 8);
    else if (n < 60) this.put(0b1111000000 | (n - 28), 10);
    else {
      let b = 2;
      let pow = 4;
      let v = n;
      while (v >= pow) {
        v -= pow;
        b++;
        pow *= 2;
      }
      // The leading 1, b − 2 ones, then a 0: b bits in all (at most 53).
      if (b <= 24) this.put((1 << b) - 2, b);
      else this.putWide(2 ** b - 2, b);
      this.putWide(v, b);
    }
  }

  enlarge(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }

  bits(): number {
    return this.len * 8 + this.nacc;
  }
}

const W = new Writer();

function writeId(w: Writer, i: Id): void {
  if (typeof i === "number") {
    w.put(i, 3);
    return;
  }
  const st: Id[] = [i];
  let sp = 1;
  while (sp > 0) {
    const x = st[--sp] as Id;
    if (typeof x === "number") w.put(x, 3);
    else if (x.l === 0) {
      w.put(0b01, 2);
      st[sp++] = x.r;
    } else if (x.r === 0) {
      w.put(0b10, 2);
      st[sp++] = x.l;
    } else {
      w.put(0b11, 2);
      st[sp++] = x.r;
      st[sp++] = x.l;
    }
  }
}

function writeEv(w: Writer, e: Ev): void {
  if (typeof e === "number") {
    w.putInt(e);
    return;
  }
  const st: Ev[] = [e];
  let sp = 1;
  while (sp > 0) {
    const x = st[--sp] as Ev;
    if (typeof x === "number") {
      w.putInt(x);
      continue;
    }
    const l = x.l;
    const r = x.r;
    if (x.n === 0) {
      if (l === 0) {
        w.put(0b000, 3);
        st[sp++] = r;
      } else if (r === 0) {
        w.put(0b001, 3);
        st[sp++] = l;
      } else {
        w.put(0b010, 3);
        st[sp++] = r;
        st[sp++] = l;
      }
    } else if (l === 0) {
      w.put(0b01100, 5);
      w.putInt(x.n);
      st[sp++] = r;
    } else if (r === 0) {
      w.put(0b01101, 5);
      w.putInt(x.n);
      st[sp++] = l;
    } else {
      w.put(0b0111, 4);
      w.putInt(x.n);
      st[sp++] = r;
      st[sp++] = l;
    }
  }
}

/** encn(n, 2) for n < 60 (the bits after an integer's leading 1) and its length. */
const INT_CODE = new Uint16Array(60);
const INT_LEN = new Uint8Array(60);
for (let n = 0; n < 60; n++) {
  const [code, len] =
    n < 4
      ? [n, 3]
      : n < 12
        ? [0b10000 | (n - 4), 5]
        : n < 28
          ? [0b1100000 | (n - 12), 7]
          : [0b111000000 | (n - 28), 9];
  INT_CODE[n] = code;
  INT_LEN[n] = len;
}

/**
 * Writes a compact event tree (compact.ts): one forward pass over the pre-order array, bits
 * accumulated in locals (the Writer's state is loaded once and stored back at the end). A node's
 * header needs to know whether its right child is an explicit 0, hence `endsOf` first.
 */
function writeEvArr(w: Writer, a: EvArr): void {
  const len = a.length;
  if (len === 1) {
    w.putInt(a[0] as number);
    return;
  }
  const ends = endsOf(a);
  // At most 5 header bits and 2 × 53 + 1 integer bits per entry: 14 bytes.
  while (w.len + len * 14 + 8 > w.buf.length) w.enlarge();
  let buf = w.buf;
  let bl = w.len;
  let acc = w.acc;
  let nacc = w.nacc;
  for (let p = 0; p < len; p++) {
    const v = a[p] as number;
    let bits: number;
    let c: number;
    let n: number;
    if (v >= 0) {
      if ((ends[p] as number) < 0) continue; // an explicit 0 child, implied by its parent
      n = v;
      bits = 1;
      c = 1;
    } else {
      const r = ends[p + 1] as number;
      const lZero = a[p + 1] === 0;
      const rZero = a[r] === 0;
      if (lZero) ends[p + 1] = -1;
      if (rZero) ends[r] = -1;
      n = -v - 1;
      if (n === 0) {
        acc = (acc << 3) | (lZero ? 0b000 : rZero ? 0b001 : 0b010);
        nacc += 3;
        while (nacc >= 8) {
          nacc -= 8;
          buf[bl++] = acc >>> nacc;
        }
        acc &= (1 << nacc) - 1;
        continue;
      }
      if (lZero) {
        bits = 0b011001;
        c = 6;
      } else if (rZero) {
        bits = 0b011011;
        c = 6;
      } else {
        bits = 0b01111;
        c = 5;
      }
    }
    // `bits` ends with the integer's leading 1; then encn(n, 2) from the table when it is short.
    if (n < 60) {
      const k = INT_LEN[n] as number;
      bits = (bits << k) | (INT_CODE[n] as number);
      c += k;
    } else {
      // Long integers: through the Writer (rare).
      w.len = bl;
      w.acc = acc;
      w.nacc = nacc;
      w.put(bits >>> 1, c - 1);
      w.putInt(n);
      buf = w.buf;
      bl = w.len;
      acc = w.acc;
      nacc = w.nacc;
      continue;
    }
    acc = (acc << c) | bits;
    nacc += c;
    while (nacc >= 8) {
      nacc -= 8;
      buf[bl++] = acc >>> nacc;
    }
    acc &= (1 << nacc) - 1;
  }
  w.len = bl;
  w.acc = acc;
  w.nacc = nacc;
}

/** Writes the stamp into the shared writer; returns the number of bits before padding. */
function writeStamp(s: Stamp): number {
  W.reset();
  writeId(W, s.id);
  // The compact form when the stamp has it (operations' results), else the object tree.
  const arr = builtArr(s);
  if (arr !== undefined) writeEvArr(W, arr);
  else writeEv(W, s.event);
  return W.bits();
}

/** The stamp's binary encoding (Appendix A), zero-padded to whole bytes. */
export function encode(s: Stamp): Uint8Array {
  const st = requireStamp(s, "encode");
  // Stamps are immutable, so the encoding is kept (a node sends one stamp to all its peers);
  // every call returns a fresh copy that the caller may write.
  const kept = cachedBytes(st);
  if (kept !== undefined) return kept.slice();
  const bits = writeStamp(st);
  const out = new Uint8Array((bits + 7) >>> 3);
  out.set(W.buf.subarray(0, W.len));
  if (W.nacc > 0) out[W.len] = (W.acc << (8 - W.nacc)) & 0xff;
  keepBytes(st, out);
  return out.slice();
}

/** Number of bits of the encoding before padding. */
export function bitLength(s: Stamp): number {
  return writeStamp(requireStamp(s, "bitLength"));
}

/** The encoding as a string of '0'/'1' characters, without padding (for tests and vectors). */
export function encodeBits(s: Stamp): string {
  writeStamp(requireStamp(s, "encodeBits"));
  const parts: string[] = [];
  for (let k = 0; k < W.len; k++) parts.push((W.buf[k] as number).toString(2).padStart(8, "0"));
  if (W.nacc > 0) parts.push(W.acc.toString(2).padStart(W.nacc, "0"));
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// Reading

class Reader {
  pos = 0;
  readonly end: number;
  constructor(readonly bytes: Uint8Array) {
    this.end = bytes.length * 8;
  }
  fail(message: string, at = this.pos): never {
    throw new CoreError("ITC_DECODE", `decode: ${message} (at bit ${at})`);
  }
  /** Reads `c` bits (c ≤ 24) as an unsigned integer. */
  bits(c: number): number {
    let p = this.pos;
    if (p + c > this.end) this.fail("truncated input");
    const bytes = this.bytes;
    let v = 0;
    let left = c;
    while (left > 0) {
      const off = p & 7;
      const avail = 8 - off;
      const take = avail < left ? avail : left;
      v = (v << take) | (((bytes[p >>> 3] as number) >>> (avail - take)) & ((1 << take) - 1));
      p += take;
      left -= take;
    }
    this.pos = p;
    return v;
  }
  bit(): number {
    const p = this.pos;
    if (p >= this.end) this.fail("truncated input");
    this.pos = p + 1;
    return ((this.bytes[p >>> 3] as number) >>> (7 - (p & 7))) & 1;
  }
  /** Reads `c` bits, c ≤ 53. */
  wide(c: number): number {
    if (c <= 24) return this.bits(c);
    const hi = this.wide(c - 24);
    return hi * 0x1000000 + this.bits(24);
  }
  /** Reads the integer form `1 encn(n, 2)` (the leading 1 already consumed); `limit` bounds n. */
  int(limit: number): number {
    const at = this.pos - 1;
    let b = 2;
    let offset = 0;
    let pow = 4;
    while (this.bit() === 1) {
      offset += pow;
      pow *= 2;
      b++;
      if (b > 53) this.fail("integer out of range", at);
    }
    const v = offset + (b <= 24 ? this.bits(b) : this.wide(b));
    if (v > limit) this.fail("counter exceeds Number.MAX_SAFE_INTEGER", at);
    return v;
  }
}

const ID_0X = 1; // (0, i): one child
const ID_X0 = 2; // (i, 0): one child
const ID_LR = 3; // (l, r): two children

function readId(rd: Reader): Id {
  // Open nodes (stack pointer sp): kind, start bit, left child once known.
  const kinds: number[] = [];
  const starts: number[] = [];
  const lefts: (Id | -1)[] = [];
  let sp = 0;
  for (;;) {
    const start = rd.pos;
    const t = rd.bits(2);
    if (t !== 0) {
      kinds[sp] = t;
      starts[sp] = start;
      lefts[sp] = -1;
      sp++;
      continue;
    }
    let v: Id = rd.bit() === 1 ? 1 : 0;
    // Close every node this value completes.
    for (;;) {
      if (sp === 0) return v;
      const k = sp - 1;
      const kind = kinds[k] as number;
      const at = starts[k] as number;
      const left = lefts[k] as Id | -1;
      if (kind === ID_LR && left === -1) {
        lefts[k] = v;
        break;
      }
      sp--;
      if (kind === ID_0X) {
        if (v === 0) rd.fail("id (0,0) is not normal", at);
        v = idNode(0, v);
      } else if (kind === ID_X0) {
        if (v === 0) rd.fail("id (0,0) is not normal", at);
        v = idNode(v, 0);
      } else {
        const l = left as Id;
        if (l === 0 || v === 0) rd.fail("id (l,r) with a 0 child is not the canonical form", at);
        if (l === 1 && v === 1) rd.fail("id (1,1) is not normal", at);
        v = idNode(l, v);
      }
    }
  }
}

// Event frames: which children are explicit. n has already been read.
const EV_R = 1; // (n, 0, r)
const EV_L = 2; // (n, l, 0)
const EV_LR = 3; // (n, l, r)

function readEv(rd: Reader): Ev {
  // Open nodes (stack pointer sp): kind, n, sum of n down to it, start bit, left child.
  const kinds: number[] = [];
  const ns: number[] = [];
  const accs: number[] = [];
  const starts: number[] = [];
  const lefts: (Ev | -1)[] = [];
  let sp = 0;
  for (;;) {
    const start = rd.pos;
    const parentAcc = sp === 0 ? 0 : (accs[sp - 1] as number);
    if (rd.bit() === 0) {
      const t = rd.bits(2);
      let n = 0;
      let kind: number;
      if (t === 0) kind = EV_R;
      else if (t === 1) kind = EV_L;
      else if (t === 2) kind = EV_LR;
      else {
        kind = rd.bit() === 1 ? EV_LR : rd.bit() === 1 ? EV_L : EV_R;
        const nAt = rd.pos;
        if (rd.bit() !== 1) rd.fail("expected an integer for n", nAt);
        n = rd.int(MAX_COUNTER - parentAcc);
        if (n === 0) rd.fail("event node with n = 0 is not the canonical form", start);
      }
      kinds[sp] = kind;
      ns[sp] = n;
      accs[sp] = parentAcc + n;
      starts[sp] = start;
      lefts[sp] = -1;
      sp++;
      continue;
    }
    let v: Ev = rd.int(MAX_COUNTER - parentAcc);
    // Close every node this value completes.
    for (;;) {
      if (sp === 0) return v;
      const k = sp - 1;
      const kind = kinds[k] as number;
      const at = starts[k] as number;
      if (v === 0) rd.fail("explicit 0 child is not the canonical form", at);
      const left = lefts[k] as Ev | -1;
      if (kind === EV_LR && left === -1) {
        lefts[k] = v;
        break;
      }
      sp--;
      const n = ns[k] as number;
      if (kind === EV_R) v = evNode(n, 0, v);
      else if (kind === EV_L) v = evNode(n, v, 0);
      else {
        const l = left as Ev;
        const bl = typeof l === "number" ? l : l.n;
        const br = typeof v === "number" ? v : v.n;
        if (bl !== 0 && br !== 0) rd.fail("event node is not normal (children's bases > 0)", at);
        v = evNode(n, l, v);
      }
    }
  }
}

/**
 * Decodes a stamp. Strict: throws CoreError ITC_DECODE on truncated input, trailing bytes or
 * non-zero padding, non-canonical forms, non-normal trees and counters beyond the safe range.
 * For every accepted `b`, `encode(decode(b))` equals `b`.
 */
export function decode(bytes: Uint8Array): Stamp {
  if (!(bytes instanceof Uint8Array)) {
    throw new CoreError("ITC_DECODE", "decode: expected a Uint8Array");
  }
  const rd = new Reader(bytes);
  const id = readId(rd);
  const event = readEv(rd);
  const used = (rd.pos + 7) >>> 3;
  if (used !== bytes.length) rd.fail(`${bytes.length - used} trailing byte(s)`);
  const padAt = rd.pos;
  if (padAt < rd.end && rd.bits(rd.end - padAt) !== 0) {
    rd.fail("non-zero padding bits", padAt);
  }
  return mkStamp(id, event);
}
