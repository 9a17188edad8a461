/**
 * The compact event tree used in the operations' hot path (issue 12): a normal event tree as its
 * pre-order sequence in a `Float64Array`, one entry per node —
 *
 *   a counter `n` (leaf)        → `n`        (0 ≤ n ≤ MAX_COUNTER)
 *   a node `(n, l, r)`          → `-(n + 1)`, then the entries of `l`, then those of `r`
 *
 * so `(0, (2, 0, 1), 3)` is `[-1, -3, 0, 1, 3]`. Every value is exact in a double (|v| ≤ 2^53).
 * A node's own value sits at its first entry, so lifting or sinking a subtree ("lift(e, m)") is
 * one write, and a walk over two trees in parallel is a walk over two arrays: no allocation per
 * node, no polymorphic `number | object` dispatch.
 *
 * Arrays handed out by this module are never written again (stamps share them). Every function
 * here is iterative, with explicit stacks that grow on demand: no recursion on depth (ITC-11).
 * These are internal: the public API converts at its boundary (see nodes.ts: a stamp keeps its
 * compact form and builds its object tree only when a caller reads `event`).
 */
import { GROW_NODE_COST } from "./events.js";
import { checkCounter, evNode } from "./nodes.js";
import type { Ev, Id } from "./types.js";

export type EvArr = Float64Array<ArrayBuffer>;

// ---------------------------------------------------------------------------------------------
// Scratch buffers (every function below runs to completion without re-entering another one that
// uses the same buffer).

let OUT = new Float64Array(1024);
let STK = new Float64Array(256);
let STK2 = new Float64Array(256);
let FRM = new Float64Array(512);

function bigger(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/**
 * Copies `src[from..to)` into `out` at `at` (the caller has made room). Short spans are copied by
 * a loop: `subarray` allocates a view object per call, which cost more than the copy itself on
 * the small trees of large networks (issue 12).
 */
function copySpan(out: EvArr, at: number, src: EvArr, from: number, to: number): void {
  if (to - from > 64) {
    out.set(src.subarray(from, to), at);
    return;
  }
  for (let k = from; k < to; k++) out[at++] = src[k] as number;
}

/** Value at the root of the subtree whose first entry is `v`. */
function rootVal(v: number): number {
  return v >= 0 ? v : -v - 1;
}

/** Index just past the subtree starting at `p`. */
export function spanEnd(a: EvArr, p: number): number {
  let need = 1;
  while (need > 0) {
    if ((a[p++] as number) < 0) need++;
    else need--;
  }
  return p;
}

/** End of the subtree at `p` and its largest counter (without lifting by its ancestors). */
let maxEnd = 0;
function maxSpan(a: EvArr, p: number): number {
  let v = a[p] as number;
  if (v >= 0) {
    maxEnd = p + 1;
    return v;
  }
  // Stack of accumulated values for the pending right children.
  let sp = 0;
  let acc = 0;
  let best = 0;
  for (;;) {
    v = a[p++] as number;
    if (v < 0) {
      acc += -v - 1;
      if (sp >= STK2.length) STK2 = bigger(STK2, sp + 1);
      STK2[sp++] = acc;
      continue;
    }
    if (acc + v > best) best = acc + v;
    if (sp === 0) break;
    acc = STK2[--sp] as number;
  }
  maxEnd = p;
  return best;
}

/** Largest counter of the tree (the paper's `max`). */
export function maxArr(a: EvArr): number {
  return maxSpan(a, 0);
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** Pre-order array of an object event tree (normal in, normal out). */
export function toArr(e: Ev): EvArr {
  if (typeof e === "number") return Float64Array.of(e);
  const st: Ev[] = [e];
  let len = 0;
  let out = OUT;
  while (st.length > 0) {
    const x = st.pop() as Ev;
    if (len >= out.length) out = OUT = bigger(out, len + 1);
    if (typeof x === "number") out[len++] = x;
    else {
      out[len++] = -x.n - 1;
      st.push(x.r, x.l);
    }
  }
  return out.slice(0, len);
}

/** The frozen object tree of a pre-order array (built from the end: children before parents). */
export function fromArr(a: EvArr): Ev {
  const len = a.length;
  if (len === 1) return a[0] as number;
  const vals: Ev[] = [];
  for (let p = len - 1; p >= 0; p--) {
    const v = a[p] as number;
    if (v >= 0) vals.push(v);
    else {
      const l = vals.pop() as Ev;
      const r = vals.pop() as Ev;
      vals.push(evNode(-v - 1, l, r));
    }
  }
  return vals[0] as Ev;
}

/** `ends[p]` = the index just past the subtree at `p`, for every `p` (one backward pass). */
let ENDS = new Int32Array(1024);
export function endsOf(a: EvArr): Int32Array {
  const len = a.length;
  if (ENDS.length < len + 1) ENDS = new Int32Array(Math.max(len + 1, ENDS.length * 2));
  const ends = ENDS;
  for (let p = len - 1; p >= 0; p--) {
    ends[p] = (a[p] as number) >= 0 ? p + 1 : (ends[ends[p + 1] as number] as number);
  }
  return ends;
}

/** Paper notation of the event tree (`n` or `(n,l,r)`). */
export function textOfArr(a: EvArr): string {
  const len = a.length;
  if (len === 1) return String(a[0]);
  const out: string[] = [];
  // Count of children still expected by each open node; close it after its right child.
  const open: number[] = [];
  for (let p = 0; p < len; p++) {
    const v = a[p] as number;
    if (v < 0) {
      out.push(`(${-v - 1},`);
      open.push(2);
      continue;
    }
    out.push(String(v));
    for (;;) {
      const k = open.length - 1;
      if (k < 0) break;
      const left = (open[k] as number) - 1;
      if (left > 0) {
        open[k] = left;
        out.push(",");
        break;
      }
      open.pop();
      out.push(")");
    }
  }
  return out.join("");
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Structural equality (normal forms are unique, so equal arrays ⇔ equal trees). */
export function equalsArr(a: EvArr, b: EvArr): boolean {
  if (a === b) return true;
  const len = a.length;
  if (len !== b.length) return false;
  for (let p = 0; p < len; p++) if (a[p] !== b[p]) return false;
  return true;
}

/** `a ≤ b`: every counter of `a` is at most the corresponding counter of `b`. */
export function leqArr(a: EvArr, b: EvArr): boolean {
  if (a === b) return true;
  let pa = 0;
  let pb = 0;
  let ox = 0;
  let oy = 0;
  let sp = 0;
  let stk = STK;
  for (;;) {
    const x = a[pa] as number;
    const y = b[pb] as number;
    if (x >= 0) {
      // A counter: at most y's minimum, which is its root.
      if (x + ox > rootVal(y) + oy) return false;
      pa++;
      pb = y >= 0 ? pb + 1 : spanEnd(b, pb);
    } else if (y >= 0) {
      // A node against a counter: its largest counter decides.
      if (maxSpan(a, pa) + ox > y + oy) return false;
      pa = maxEnd;
      pb++;
    } else {
      const nx = -x - 1 + ox;
      const ny = -y - 1 + oy;
      if (nx > ny) return false;
      pa++;
      pb++;
      if (sp + 2 > stk.length) stk = STK = bigger(stk, sp + 2);
      stk[sp++] = nx;
      stk[sp++] = ny;
      ox = nx;
      oy = ny;
      continue;
    }
    // The pair is done: the next one is the right half of the innermost open pair.
    if (sp === 0) return true;
    oy = stk[--sp] as number;
    ox = stk[--sp] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// Building with normalisation

/**
 * Normalises, in place in `out`, the node whose entry is at `q` (root value `m` before
 * normalisation) and whose children start at `q + 1` and `cr` and end at `len`. Returns the new
 * length (shorter by 2 when the node collapses into a counter).
 */
function settle(out: EvArr, q: number, m: number, cr: number, len: number): number {
  const l = out[q + 1] as number;
  const r = out[cr] as number;
  if (l >= 0 && r >= 0) {
    if (l === r) {
      out[q] = m + l;
      return q + 1;
    }
    const s = l < r ? l : r;
    out[q] = -(m + s) - 1;
    out[q + 1] = l - s;
    out[cr] = r - s;
    return len;
  }
  const bl = rootVal(l);
  const br = rootVal(r);
  const s = bl < br ? bl : br;
  out[q] = -(m + s) - 1;
  if (s !== 0) {
    out[q + 1] = l >= 0 ? l - s : l + s;
    out[cr] = r >= 0 ? r - s : r + s;
  }
  return len;
}

// Join frames (5 numbers each): output index of the node, its root value before normalisation,
// offsets of the right pair (dx, dy), then flags (bit 0: x virtual, bit 1: y virtual, bit 2:
// left half done), and the start of the right child in the output once known.
const FW = 6;

/**
 * Pointwise maximum `a ⊔ b` in normal form. A counter facing a node is expanded as `(v, 0, 0)`:
 * its children are "virtual" zeros, read without a position in the array.
 */
export function joinArr(a: EvArr, b: EvArr): EvArr {
  if (a === b) return a;
  const need = a.length + b.length + 1;
  let out = OUT;
  if (out.length < need) out = OUT = bigger(out, need);
  let frm = FRM;
  let fs = 0;
  let len = 0;
  let pa = 0;
  let pb = 0;
  let ox = 0;
  let oy = 0;
  let vx = false; // x is a virtual 0 (the child of an expanded counter)
  let vy = false;
  for (;;) {
    // One pair: x (at pa, or virtual 0) lifted by ox and y lifted by oy.
    const x: number = vx ? 0 : (a[pa] as number);
    const y: number = vy ? 0 : (b[pb] as number);
    if (x >= 0 && y >= 0) {
      const X = x + ox;
      const Y = y + oy;
      out[len++] = X > Y ? X : Y;
      if (!vx) pa++;
      if (!vy) pb++;
    } else if (x >= 0 && x + ox <= -y - 1 + oy) {
      // y dominates: copy it, lifted.
      const e = spanEnd(b, pb);
      copySpan(out, len, b, pb, e);
      out[len] = (out[len] as number) - oy;
      len += e - pb;
      pb = e;
      if (!vx) pa++;
    } else if (y >= 0 && y + oy <= -x - 1 + ox) {
      const e = spanEnd(a, pa);
      copySpan(out, len, a, pa, e);
      out[len] = (out[len] as number) - ox;
      len += e - pa;
      pa = e;
      if (!vy) pb++;
    } else {
      // Expand: a node whose root is the smaller of the two roots.
      const nx = rootVal(x) + ox;
      const ny = rootVal(y) + oy;
      const m = nx < ny ? nx : ny;
      if (fs + FW > frm.length) frm = FRM = bigger(frm, fs + FW);
      const cx: boolean = x >= 0; // x is a counter: its children are virtual zeros
      const cy: boolean = y >= 0;
      frm[fs] = len;
      frm[fs + 1] = m;
      frm[fs + 2] = nx - m;
      frm[fs + 3] = ny - m;
      frm[fs + 4] = (cx ? 1 : 0) | (cy ? 2 : 0);
      frm[fs + 5] = 0;
      fs += FW;
      out[len++] = -1; // placeholder
      if (!vx) pa++;
      if (!vy) pb++;
      vx = cx;
      vy = cy;
      ox = nx - m;
      oy = ny - m;
      continue;
    }
    // A subtree is finished: go to the right half of the innermost open node, or close nodes.
    for (;;) {
      if (fs === 0) return out.slice(0, len);
      const f = fs - FW;
      const flags = frm[f + 4] as number;
      if ((flags & 4) === 0) {
        frm[f + 4] = flags | 4;
        frm[f + 5] = len;
        ox = frm[f + 2] as number;
        oy = frm[f + 3] as number;
        vx = (flags & 1) !== 0;
        vy = (flags & 2) !== 0;
        break;
      }
      len = settle(out, frm[f] as number, frm[f + 1] as number, frm[f + 5] as number, len);
      fs = f;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// fill and grow (the event operation), against an object id

// fill frames: the id node, and numbers: output index, n, kind, start of the right child.
const FK_BOTH = 0; // both halves filled
const FK_LEFT_ONE = 1; // id (1, ir): the left half becomes a counter after the right is filled
const FK_RIGHT_ONE = 2; // id (il, 1): the right half becomes a counter after the left is filled
const fillIds: Id[] = [];
let fillDepth = 0;

/**
 * `fill(i, e)`: raises the counters of `e` inside the intervals owned by `i` as far as possible
 * without adding nodes.
 */
export function fillArr(i: Id, a: EvArr): EvArr {
  const len = fillLen(i, a);
  return len < 0 ? a : OUT.slice(0, len);
}

/**
 * {@link fillArr} written into the scratch buffer `OUT`: returns the result's length there, or -1
 * when the result is `a` itself (no allocation either way).
 */
function fillLen(i: Id, a: EvArr): number {
  if (i === 0 || a.length === 1) return -1;
  if (i === 1) {
    OUT[0] = maxSpan(a, 0);
    return 1;
  }
  let out = OUT;
  if (out.length < a.length) out = OUT = bigger(out, a.length);
  let frm = FRM;
  let fs = 0;
  let len = 0;
  let p = 0;
  let id: Id = i;
  for (;;) {
    const v = a[p] as number;
    if (id === 0 || v >= 0) {
      const e = v >= 0 ? p + 1 : spanEnd(a, p);
      copySpan(out, len, a, p, e);
      len += e - p;
      p = e;
    } else {
      // Never an id 1 here (as in the object-tree fill, test/core/itc/tree-events.ts): the root 1 is returned above, and a node
      // with a child 1 fills that half itself (FK_LEFT_ONE / FK_RIGHT_ONE; (1, 1) is not normal).
      id = id as Exclude<Id, 0 | 1>;
      if (fs + 5 > frm.length) frm = FRM = bigger(frm, fs + 5);
      frm[fs] = len;
      frm[fs + 1] = -v - 1;
      frm[fs + 4] = 0;
      fillIds[fs / 5] = id;
      if (fs / 5 >= fillDepth) fillDepth = fs / 5 + 1;
      out[len++] = -1; // placeholder
      p++;
      if (id.l === 1) {
        // The left half is a counter written once the right half is known.
        frm[fs + 2] = FK_LEFT_ONE;
        out[len++] = maxSpan(a, p);
        p = maxEnd;
        frm[fs + 3] = len;
        frm[fs + 4] = 1;
        id = id.r;
      } else {
        frm[fs + 2] = id.r === 1 ? FK_RIGHT_ONE : FK_BOTH;
        id = id.l;
      }
      fs += 5;
      continue;
    }
    for (;;) {
      if (fs === 0) {
        // Drop the id references (keeping the array's length: truncating it made every call
        // grow it again).
        for (let k = 0; k < fillDepth; k++) fillIds[k] = 0;
        fillDepth = 0;
        return len;
      }
      const f = fs - 5;
      const q = frm[f] as number;
      const kind = frm[f + 2] as number;
      if (frm[f + 4] === 0) {
        frm[f + 4] = 1;
        frm[f + 3] = len;
        const node = fillIds[f / 5] as Exclude<Id, 0 | 1>;
        if (kind === FK_RIGHT_ONE) {
          const mr = maxSpan(a, p);
          p = maxEnd;
          const bl = rootVal(out[q + 1] as number);
          out[len++] = mr > bl ? mr : bl;
        } else {
          id = node.r;
          break;
        }
      } else if (kind === FK_LEFT_ONE) {
        const ml = out[q + 1] as number;
        const br = rootVal(out[q + 2] as number);
        if (br > ml) out[q + 1] = br;
      }
      len = settle(out, q, frm[f + 1] as number, frm[f + 3] as number, len);
      fs = f;
    }
  }
}

// grow: frames of (id, event position or -1 for a virtual 0) visited, their costs and choices.
const gId: Id[] = [];
let gPos = new Int32Array(256);
let gL = new Int32Array(256);
let gR = new Int32Array(256);
let gDir = new Int8Array(256);
let gCost = new Float64Array(256);
let gStack = new Int32Array(256);

function growFrames(need: number): void {
  if (need <= gPos.length) return;
  let n = gPos.length * 2;
  while (n < need) n *= 2;
  const i32 = (x: Int32Array) => {
    const y = new Int32Array(n);
    y.set(x);
    return y;
  };
  gPos = i32(gPos);
  gL = i32(gL);
  gR = i32(gR);
  gStack = i32(gStack);
  const d = new Int8Array(n);
  d.set(gDir);
  gDir = d;
  const c = new Float64Array(n);
  c.set(gCost);
  gCost = c;
}

/**
 * `grow(i, e)`: the cheapest inflation of `e` inside `i` (incrementing one counter; each added
 * node costs {@link GROW_NODE_COST}, each level 1; ties go right). Precondition: `i ≠ 0` and
 * `fill(i, e) = e`.
 */
export function growArr(i: Id, a: EvArr): EvArr {
  if (i === 1 && a.length === 1) return Float64Array.of(checkCounter((a[0] as number) + 1));
  const len = growLen(i, a); // may replace OUT: read it after
  return OUT.slice(0, len);
}

/** Scratch for grow's raw (not yet normal) result. */
let RAW = new Float64Array(1024);

/** {@link growArr} written into the scratch buffer `OUT`; returns the result's length there. */
function growLen(i: Id, a: EvArr): number {
  // Pass 1: cost every (id, event) pair the id reaches (post-order with an explicit stack).
  // An event position of -1 is a virtual 0 below an expanded counter.
  const ends = endsOf(a);
  gId[0] = i;
  gPos[0] = 0;
  gDir[0] = -1;
  let nf = 1;
  gStack[0] = 0;
  let sp = 1;
  while (sp > 0) {
    const f = gStack[sp - 1] as number;
    const id = gId[f] as Id;
    const pos = gPos[f] as number;
    if (gDir[f] === -1) {
      if (id === 1) {
        if (pos >= 0 && (a[pos] as number) < 0)
          throw new Error("ITC internal error: grow on (1, node)");
        gCost[f] = 0;
        gDir[f] = 0;
        sp--;
        continue;
      }
      if (id === 0) throw new Error("ITC internal error: grow on id 0");
      gDir[f] = -2;
      growFrames(nf + 2);
      const isNode = pos >= 0 && (a[pos] as number) < 0;
      const lPos = isNode ? pos + 1 : -1;
      if (id.l !== 0) {
        gId[nf] = id.l;
        gPos[nf] = lPos;
        gDir[nf] = -1;
        gL[f] = nf;
        gStack[sp++] = nf++;
      } else gL[f] = -1;
      if (id.r !== 0) {
        gId[nf] = id.r;
        gPos[nf] = isNode ? (ends[lPos] as number) : -1;
        gDir[nf] = -1;
        gR[f] = nf;
        gStack[sp++] = nf++;
      } else gR[f] = -1;
      continue;
    }
    sp--;
    const extra = pos >= 0 && (a[pos] as number) < 0 ? 1 : GROW_NODE_COST + 1;
    const l = gL[f] as number;
    const r = gR[f] as number;
    if (l >= 0 && (r < 0 || (gCost[l] as number) < (gCost[r] as number))) {
      gDir[f] = 1;
      gCost[f] = (gCost[l] as number) + extra;
    } else {
      gDir[f] = 2;
      gCost[f] = (gCost[r] as number) + extra;
    }
  }
  for (let k = 0; k < nf; k++) gId[k] = 0;
  // Pass 2: follow the chosen path. Along real nodes nothing changes but the path; at the first
  // counter (or the id's 1) the replacement is written: expanded nodes, then the incremented leaf.
  let f = 0;
  let acc = 0;
  while ((gDir[f] as number) !== 0 && (a[gPos[f] as number] as number) < 0) {
    acc += -(a[gPos[f] as number] as number) - 1;
    f = gDir[f] === 1 ? (gL[f] as number) : (gR[f] as number);
  }
  const pr = gPos[f] as number;
  const v = a[pr] as number; // a counter
  // Replacement of the counter at pr: a chain of (v,0,0), (0,0,0)… down to the grown leaf,
  // written straight into raw = a[0..pr) ++ replacement ++ a[pr+1..), then normalised.
  // At most two entries per level below pr (nf bounds the levels), plus the leaf.
  const alen = a.length;
  let raw = RAW;
  if (raw.length < alen + 2 * nf + 1) raw = RAW = bigger(raw, alen + 2 * nf + 1);
  for (let k = 0; k < pr; k++) raw[k] = a[k] as number;
  let w = pr;
  let zeros = 0;
  let leafBase = v;
  for (
    let g = f;
    (gDir[g] as number) !== 0;
    g = gDir[g] === 1 ? (gL[g] as number) : (gR[g] as number)
  ) {
    acc += leafBase;
    raw[w++] = -leafBase - 1;
    if (gDir[g] === 1) zeros++;
    else raw[w++] = 0;
    leafBase = 0;
  }
  checkCounter(acc + leafBase + 1);
  raw[w++] = leafBase + 1;
  // Trailing zeros of left turns close inner nodes first; the right turns' zeros were written
  // in place.
  for (let k = 0; k < zeros; k++) raw[w++] = 0;
  for (let k = pr + 1; k < alen; k++) raw[w++] = a[k] as number;
  return normLen(raw, w);
}

/** Normal form of a pre-order array whose subtrees may not be normal. */
export function normArr(a: EvArr): EvArr {
  const len = normLen(a, a.length); // may replace OUT: read it after
  return OUT.slice(0, len);
}

/** The normal form of `a[0..len0)` written into the scratch buffer `OUT` (not `a`); its length. */
function normLen(a: EvArr, len0: number): number {
  let out = OUT;
  if (out.length < len0) out = OUT = bigger(out, len0);
  let frm = FRM;
  let fs = 0;
  let len = 0;
  for (let p = 0; p < len0; p++) {
    const v = a[p] as number;
    if (v < 0) {
      if (fs + 4 > frm.length) frm = FRM = bigger(frm, fs + 4);
      frm[fs] = len;
      frm[fs + 1] = -v - 1;
      frm[fs + 2] = 0;
      frm[fs + 3] = 0;
      fs += 4;
      out[len++] = -1;
      continue;
    }
    out[len++] = v;
    for (;;) {
      if (fs === 0) break;
      const f = fs - 4;
      if (frm[f + 2] === 0) {
        frm[f + 2] = 1;
        frm[f + 3] = len;
        break;
      }
      len = settle(out, frm[f] as number, frm[f + 1] as number, frm[f + 3] as number, len);
      fs = f;
    }
  }
  return len;
}

/**
 * The paper's `event` on an event tree: `fill(i, e)` when that inflates `e`, else
 * `grow(i, e)`. Both run in the scratch buffers; the result is the one array allocated.
 */
export function eventArr(i: Id, a: EvArr): EvArr {
  const fl = fillLen(i, a);
  if (fl >= 0) {
    const out = OUT;
    let same = fl === a.length;
    for (let p = 0; same && p < fl; p++) same = out[p] === a[p];
    if (!same) return out.slice(0, fl);
  }
  if (i === 1 && a.length === 1) return Float64Array.of(checkCounter((a[0] as number) + 1));
  const len = growLen(i, a); // may replace OUT: read it after
  return OUT.slice(0, len);
}
