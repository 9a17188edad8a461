/**
 * compact.ts's scratch buffers (OUT, FRM, STK, STK2, ENDS, RAW and grow's frames) start small and
 * are shared by every operation, so in one test file the first large tree grows them for all the
 * operations that follow: a missing or wrong growth in one operation is hidden by an earlier one
 * (StrykerJS, part itc-compact-b1: fill's own growth of OUT and FRM was never needed). Here each
 * operation runs first, on deep trees (thousands of levels), in a fresh instance of the module
 * (`vi.resetModules`), and is compared with the object-tree algorithms of events.ts; the arrays
 * are built and read by this file's own pre-order walks, not by compact.ts.
 */
import { describe, expect, it, vi } from "vitest";
import type * as CompactModule from "../../../src/core/itc/compact.js";
import type { Ev, Id } from "../../../src/core/itc/index.js";
import { maxOf } from "../../../src/core/itc/events.js";
import { fill, grow, joinEv, leqEv } from "./tree-events.js";
import * as ref from "./reference.js";
import { prng } from "../../helpers/prng.js";

type Compact = typeof CompactModule;

/** A new instance of compact.ts, its scratch buffers at their initial sizes. */
async function fresh(): Promise<Compact> {
  vi.resetModules();
  return import("../../../src/core/itc/compact.js");
}

/** Pre-order array of an event tree (iterative; the layout of compact.ts's header). */
function pre(e: Ev): Float64Array<ArrayBuffer> {
  const out: number[] = [];
  const st: Ev[] = [e];
  while (st.length > 0) {
    const x = st.pop() as Ev;
    if (typeof x === "number") out.push(x);
    else {
      out.push(-x.n - 1);
      st.push(x.r, x.l);
    }
  }
  return Float64Array.from(out);
}

/**
 * A normal event tree: a spine of `depth` nodes (the side of each level from `sides`, so two
 * trees with the same `sides` seed overlap all the way down), a 0 or a small subtree beside it;
 * `bump` raises the counter at the bottom of the spine.
 */
function spine(depth: number, sides: number, counters: number, bump = 0): Ev {
  const side = prng(sides);
  const rnd = prng(counters);
  let e: Ev = 1 + Math.floor(rnd() * 3) + bump;
  for (let k = 0; k < depth; k++) {
    const n = rnd() < 0.5 ? 0 : Math.floor(rnd() * 3);
    const other: Ev = rnd() < 0.8 ? 0 : { n: 0, l: 1, r: 0 };
    e = side() < 0.5 ? { n, l: e, r: other } : { n, l: other, r: e };
  }
  return e;
}

/** An id owning, at every level of `spine(depth, sides, ·)`, the spine's side (and at times a 1 beside it). */
function idSpine(depth: number, sides: number, ones: number): Id {
  const side = prng(sides);
  const rnd = prng(ones);
  let i: Id = 1;
  for (let k = 0; k < depth; k++) {
    const other = rnd() < 0.1 ? 1 : 0;
    i = side() < 0.5 ? { l: i, r: other } : { l: other, r: i };
    if (i.l === 1 && i.r === 1) i = 1;
  }
  return i;
}

const D = 3000;
const same = (x: Float64Array, y: Float64Array): void =>
  expect(Array.from(x)).toEqual(Array.from(y));

describe("ITC compact.ts: each operation grows the scratch buffers it uses", () => {
  it("toArr and endsOf of a deep tree", async () => {
    const c = await fresh();
    const e = spine(D, 1, 2);
    same(c.toArr(e), pre(e));
    const c2 = await fresh();
    const a = pre(e);
    const ends = c2.endsOf(a);
    // ends[p] = p + 1 for a counter, else the end of its right child's subtree.
    const want: number[] = new Array<number>(a.length + 1).fill(0);
    for (let p = a.length - 1; p >= 0; p--)
      want[p] = (a[p] as number) >= 0 ? p + 1 : (want[want[p + 1] as number] as number);
    expect(Array.from(ends.subarray(0, a.length))).toEqual(want.slice(0, a.length));
  });

  it("endsOf of a tree one entry longer than ENDS's first size", async () => {
    // (0, (0, … (0, 1, 0) …, 0), 0) with 512 nodes: 1 025 entries, the last one at index 1 024.
    let e: Ev = 1;
    for (let k = 0; k < 512; k++) e = { n: 0, l: e, r: 0 };
    const a = pre(e);
    expect(a.length).toBe(1025);
    const c = await fresh();
    const ends = Array.from(c.endsOf(a).subarray(0, a.length));
    // Node k (at index k) ends just past its right child 0, at 1 025 − k.
    expect(ends.slice(0, 512)).toEqual(Array.from({ length: 512 }, (_, k) => 1025 - k));
    expect(ends.slice(512)).toEqual(Array.from({ length: 513 }, (_, k) => 513 + k));
  });

  it("maxArr and leqArr of deep trees", async () => {
    const a = spine(D, 3, 4);
    const b = joinEv(a, spine(D, 3, 5));
    let c = await fresh();
    expect(c.maxArr(pre(a))).toBe(maxOf(a));
    c = await fresh();
    expect(c.leqArr(pre(a), pre(b))).toBe(leqEv(a, b));
    c = await fresh();
    expect(c.leqArr(pre(b), pre(a))).toBe(leqEv(b, a));
    c = await fresh();
    expect(c.leqArr(pre(a), pre(a))).toBe(true);
    // The same tree with its deepest counter 5 higher: ≤ fails only at the bottom.
    const high = spine(D, 3, 4, 5);
    c = await fresh();
    expect(c.leqArr(pre(high), pre(a))).toBe(false);
    c = await fresh();
    expect(c.leqArr(pre(a), pre(high))).toBe(true);
  });

  it("joinArr of two deep trees that overlap all the way down", async () => {
    const a = spine(D, 6, 7);
    const b = spine(D, 6, 8);
    const c = await fresh();
    same(c.joinArr(pre(a), pre(b)), pre(joinEv(a, b)));
  });

  it("fillArr, growArr and eventArr with a deep id", async () => {
    const e = spine(D, 9, 10);
    const i = idSpine(D, 9, 11);
    let c = await fresh();
    const f = fill(i, e);
    same(c.fillArr(i, pre(e)), pre(f));
    c = await fresh();
    same(c.growArr(i, pre(f)), pre(grow(i, f)));
    c = await fresh();
    // event: fill when it inflates the tree, else grow.
    const inflates = Array.from(pre(f)).join() !== Array.from(pre(e)).join();
    expect(inflates).toBe(true);
    same(c.eventArr(i, pre(e)), pre(inflates ? f : grow(i, f)));
    c = await fresh();
    same(c.eventArr(i, pre(f)), pre(grow(i, f)));
  });

  it("growArr and eventArr of a counter with an id that is one long path", async () => {
    // Every level has one non-zero half, the 1 at the bottom: grow writes a chain of 1 100 new
    // nodes below the counter (two entries per level, more than RAW's and OUT's first size).
    const side = prng(13);
    let i: Id = 1;
    for (let k = 0; k < 1100; k++) i = side() < 0.5 ? { l: i, r: 0 } : { l: 0, r: i };
    let c = await fresh();
    same(c.growArr(i, Float64Array.of(5)), pre(grow(i, 5)));
    c = await fresh();
    same(c.eventArr(i, Float64Array.of(5)), pre(grow(i, 5)));
  });

  it("encode's writer grows its 256-byte buffer for a stamp held as an object tree", async () => {
    // Only the array writer reserves room ahead; the object-tree writers rely on Writer.put.
    const side = prng(14);
    let i: Id = 1;
    for (let k = 0; k < 1100; k++) i = side() < 0.5 ? { l: i, r: 0 } : { l: 0, r: i };
    const e = spine(1500, 15, 16);
    const bits = ref.encId(i as ref.RId) + ref.encEv(e as ref.REv);
    expect(bits.length).toBeGreaterThan(8 * 256 * 4);
    vi.resetModules();
    const itc = await import("../../../src/core/itc/index.js");
    expect(itc.encodeBits(itc.normalize({ id: i, event: e }))).toBe(bits);
  });

  it("normArr of a deep tree that is not normal", async () => {
    // Every level lifted: a raw tree whose normal form moves counters up all the way.
    const side = prng(12);
    let raw: ref.REv = 2;
    for (let k = 0; k < 1500; k++)
      raw = side() < 0.5 ? { n: 0, l: raw, r: 1 } : { n: 1, l: 2, r: raw };
    const c = await fresh();
    same(c.normArr(pre(raw as Ev)), pre(ref.deepNormEv(raw) as Ev));
  });
});
