/**
 * The event-tree algorithms of src/core/itc/events.ts (object trees) and compact.ts (pre-order
 * arrays) against the paper's equations transcribed in ./reference.ts, on small random normal
 * trees and on pairs of trees that differ in one counter (the edges of ≤ and of equality), with
 * counters next to Number.MAX_SAFE_INTEGER. compact.test.ts compares the two implementations with
 * each other; this file gives both an oracle of their own (found wanting by StrykerJS, parts
 * itc-events, itc-encode and itc-compact).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { Ev, Id } from "../../../src/core/itc/index.js";
import { maxOf } from "../../../src/core/itc/events.js";
import { equalsEv, fill, grow, joinEv, leqEv } from "./tree-events.js";
import {
  equalsArr,
  fillArr,
  fromArr,
  growArr,
  joinArr,
  leqArr,
  maxArr,
  normArr,
  toArr,
} from "../../../src/core/itc/compact.js";
import { evNode, mkEv } from "../../../src/core/itc/nodes.js";
import * as ref from "./reference.js";

const MAX = Number.MAX_SAFE_INTEGER;

/** Raw (not normal) event trees: small counters, sometimes one within 3 of `room`. */
function arbRaw(room: number, depth: number): fc.Arbitrary<ref.REv> {
  const leaf = fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: Math.max(0, room - 3), max: room }) },
  );
  if (depth === 0) return leaf;
  return fc.oneof(
    { weight: 1, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc.nat({ max: 3 }).chain((n) =>
        fc.record({
          n: fc.constant(n),
          l: arbRaw(Math.max(0, room - n), depth - 1),
          r: arbRaw(Math.max(0, room - n), depth - 1),
        }),
      ),
    },
  );
}

const arbREv = (room = 20): fc.Arbitrary<ref.REv> =>
  fc.oneof(arbRaw(room, 4), arbRaw(MAX - 12, 4)).map((e) => ref.deepNormEv(e));

const arbRId: fc.Arbitrary<ref.RId> = fc
  .letrec<{ id: ref.RId }>((tie) => ({
    id: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom<ref.RId>(0, 1),
      fc.record({ l: tie("id"), r: tie("id") }),
    ),
  }))
  .id.map((i) => ref.deepNormId(i));

/** The implementation's frozen object tree of a normal reference tree. */
const ev = (e: ref.REv): Ev => itc.normalize({ id: 0, event: e }).event;
const id = (i: ref.RId): Id => itc.normalize({ id: i, event: 0 }).id;
const plain = (e: Ev): ref.REv => JSON.parse(JSON.stringify(e)) as ref.REv;

/** `e` with the counter at pre-order position `k` (of its nodes and leaves) moved by `d`. */
function nudge(e: ref.REv, k: number, d: number): ref.REv {
  let left = k;
  const go = (x: ref.REv): ref.REv => {
    const here = left-- === 0;
    if (typeof x === "number") return here ? Math.max(0, Math.min(MAX, x + d)) : x;
    const n = here ? Math.max(0, x.n + d) : x.n;
    return { n, l: go(x.l), r: go(x.r) };
  };
  return go(e);
}

/** A pair (a, b): independent, or b = a with one counter one higher or lower (maybe unsafe). */
const arbPair: fc.Arbitrary<[ref.REv, ref.REv]> = fc.oneof(
  fc.tuple(arbREv(), arbREv()),
  fc
    .tuple(arbREv(), fc.nat(), fc.constantFrom(1, -1))
    .map(([a, k, d]): [ref.REv, ref.REv] => [a, ref.deepNormEv(nudge(a, k % size(a), d))]),
);

function size(e: ref.REv): number {
  return typeof e === "number" ? 1 : 1 + size(e.l) + size(e.r);
}

/**
 * `e` with the counter at pre-order position `k` moved by `d` (kept in 0..MAX), rebuilding only
 * the path to it with mkEv: every other subtree is the same object as in `e`, as after an event.
 */
function nudgeShared(e: Ev, k: number, d: number): Ev {
  let left = k;
  const go = (x: Ev): Ev => {
    const n = size(plain(x));
    if (left < 0 || left >= n) {
      left -= n;
      return x;
    }
    const here = left-- === 0;
    if (typeof x === "number") return here ? Math.max(0, Math.min(MAX, x + d)) : x;
    const root = here ? Math.max(0, x.n + d) : x.n;
    const l = go(x.l);
    return mkEv(root, l, go(x.r));
  };
  return go(e);
}

/** Every path's sum within the safe range (the implementation's contract). */
const safe = (e: ref.REv): boolean => ref.maxEv(e) <= MAX;

describe("ITC event trees (events.ts, compact.ts) against the paper's equations", () => {
  it("max, equality, ≤ (both ways) and join of pairs that differ in one counter", () => {
    fc.assert(
      fc.property(arbPair, ([ra, rb]) => {
        fc.pre(safe(ra) && safe(rb));
        const a = ev(ra);
        const b = ev(rb);
        const xa = toArr(a);
        const xb = toArr(b);
        const same = ref.same(ra, rb);
        expect(maxOf(a)).toBe(ref.maxEv(ra));
        expect(maxArr(xa)).toBe(ref.maxEv(ra));
        expect(equalsEv(a, b)).toBe(same);
        expect(equalsArr(xa, xb)).toBe(same);
        expect(leqEv(a, b)).toBe(ref.leqEv(ra, rb));
        expect(leqEv(b, a)).toBe(ref.leqEv(rb, ra));
        expect(leqArr(xa, xb)).toBe(ref.leqEv(ra, rb));
        expect(leqArr(xb, xa)).toBe(ref.leqEv(rb, ra));
        const rj = ref.normEv(ref.joinEv(ra, rb));
        expect(ref.same(plain(joinEv(a, b)), ref.deepNormEv(rj))).toBe(true);
        expect(ref.same(plain(fromArr(joinArr(xa, xb))), ref.deepNormEv(rj))).toBe(true);
        // A tree is equal to, ≤ and joined with a structurally equal copy (not the same object).
        const copy = ev(JSON.parse(JSON.stringify(ra)) as ref.REv);
        expect(equalsEv(a, copy) && leqEv(a, copy) && leqEv(copy, a)).toBe(true);
        expect(ref.same(plain(joinEv(a, copy)), ra)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("join of trees that share subtrees (also lifted) matches the reference and keeps identity", () => {
    fc.assert(
      fc.property(arbREv(), fc.nat(), fc.nat(), fc.constantFrom(1, -1, 2), (ra, k1, k2, d) => {
        fc.pre(safe(ra));
        const a = ev(ra);
        const b = nudgeShared(a, k1 % size(ra), d);
        const c = nudgeShared(b, k2 % size(plain(b)), -d);
        for (const [x, y] of [
          [a, b],
          [b, a],
          [a, c],
          [c, b],
        ] as const) {
          const rx = plain(x);
          const ry = plain(y);
          fc.pre(safe(rx) && safe(ry));
          const j = joinEv(x, y);
          expect(ref.same(plain(j), ref.deepNormEv(ref.normEv(ref.joinEv(rx, ry))))).toBe(true);
          expect(joinEv(x, x)).toBe(x);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("joining a tree with one that only has lower leaves returns the tree itself", () => {
    // Both sides have the same root values at every node, so nothing is lifted and each node of
    // the result is the larger side's own node (the reuse of an unchanged input node). The lower
    // tree shares its unchanged subtrees with the other, as after an event.
    fc.assert(
      fc.property(arbREv(), fc.nat(), fc.nat({ max: 3 }), (ra, k, d) => {
        fc.pre(safe(ra) && typeof ra !== "number");
        const spots: number[] = [];
        let pos = 0;
        const walk = (x: ref.REv): void => {
          if (typeof x === "number") spots.push(pos);
          pos++;
          if (typeof x !== "number") {
            walk(x.l);
            walk(x.r);
          }
        };
        walk(ra);
        const a = ev(ra);
        const b = nudgeShared(a, spots[k % spots.length] as number, -1 - d);
        expect(joinEv(a, b)).toBe(a);
        // Equal trees (the leaf was 0 already): the first one is kept.
        expect(joinEv(b, a)).toBe(equalsEv(a, b) ? b : a);
      }),
      { numRuns: 800 },
    );
    const x = evNode(0, 5, 0);
    expect(joinEv(x, evNode(0, 3, 0))).toBe(x);
    expect(joinEv(0, x)).toBe(x);
    expect(joinEv(x, 0)).toBe(x);
  });

  it("a tree is ≤ a counter iff its max is; a counter is ≤ a tree iff it is ≤ its root", () => {
    fc.assert(
      fc.property(arbREv(), (re) => {
        fc.pre(safe(re) && typeof re !== "number");
        const e = ev(re);
        const m = ref.maxEv(re);
        const b = typeof re === "number" ? re : re.n;
        for (const [x, y, want] of [
          [e, m, true],
          [e, m - 1, false],
          [b, e, true],
          [b + 1, e, false],
        ] as const) {
          expect(leqEv(x, y)).toBe(want);
          expect(leqArr(toArr(x), toArr(y))).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("fill and grow of both implementations match the reference (the event operation)", () => {
    fc.assert(
      fc.property(arbRId, arbREv(), (ri, re) => {
        fc.pre(safe(re));
        const i = id(ri);
        const e = ev(re);
        const rf = ref.deepNormEv(ref.fill(ri, re));
        expect(ref.same(plain(fill(i, e)), rf)).toBe(true);
        expect(ref.same(plain(fromArr(fillArr(i, toArr(e)))), rf)).toBe(true);
        if (ri === 0) return;
        const f = ev(rf);
        const rg = ref.deepNormEv(ref.grow(ri, rf)[0]);
        if (!safe(rg)) {
          expect(() => grow(i, f)).toThrow(/MAX_SAFE/);
          expect(() => growArr(i, toArr(f))).toThrow(/MAX_SAFE/);
          return;
        }
        expect(ref.same(plain(grow(i, f)), rg)).toBe(true);
        expect(ref.same(plain(fromArr(growArr(i, toArr(f)))), rg)).toBe(true);
        const s = itc.validate({ id: ri, event: re });
        if (s.ok)
          expect(
            ref.same(plain(itc.event(s.value).event), ref.eventR({ id: ri, event: re }).event),
          ).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("normalising a raw pre-order array matches the reference", () => {
    fc.assert(
      fc.property(arbRaw(20, 4), (raw) => {
        const flat: number[] = [];
        const walk = (x: ref.REv): void => {
          if (typeof x === "number") flat.push(x);
          else {
            flat.push(-x.n - 1);
            walk(x.l);
            walk(x.r);
          }
        };
        walk(raw);
        const out = normArr(Float64Array.from(flat));
        expect(ref.same(plain(fromArr(out)), ref.deepNormEv(raw))).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  it("grow's choice where a new node costs exactly what the depth of the other side does", () => {
    // Root id ((1,0), chain of d nodes (0, ·) down to 1); event (0, 0, chain of (0, 0, ·) down to
    // 1). Growing left expands the counter 0 (one new node: 1 + GROW_NODE_COST), growing right
    // costs d levels: below, equal to (ties go right) and above that cost.
    for (const d of [itc.GROW_NODE_COST, itc.GROW_NODE_COST + 1, itc.GROW_NODE_COST + 2]) {
      let ri: ref.RId = { l: 0, r: 1 };
      let re: ref.REv = { n: 0, l: 0, r: 1 };
      for (let k = 1; k < d; k++) {
        ri = { l: 0, r: ri };
        re = { n: 0, l: 0, r: re };
      }
      ri = { l: { l: 1, r: 0 }, r: ri };
      re = { n: 0, l: 0, r: re };
      const i = id(ri);
      const e = ev(re);
      expect(ref.same(plain(fill(i, e)), re)).toBe(true);
      const rg = ref.deepNormEv(ref.grow(ri, re)[0]);
      expect(ref.same(plain(grow(i, e)), rg)).toBe(true);
      expect(ref.same(plain(fromArr(growArr(i, toArr(e)))), rg)).toBe(true);
    }
  });

  it("grow refuses what its precondition excludes: id 0, and id 1 over a node", () => {
    const node = evNode(0, 1, 0);
    expect(() => grow(0, 3)).toThrow(/internal error: grow on id 0/);
    expect(() => grow(0, node)).toThrow(/internal error: grow on id 0/);
    expect(() => grow(1, node)).toThrow(/internal error: grow on \(1, node\)/);
    expect(() => grow({ l: 1, r: 0 }, evNode(0, node, 0))).toThrow(/grow on \(1, node\)/);
    expect(() => growArr(0, Float64Array.of(3))).toThrow(/internal error: grow on id 0/);
    expect(() => growArr(1, toArr(node))).toThrow(/internal error: grow on \(1, node\)/);
    expect(() => growArr({ l: 1, r: 0 }, toArr(evNode(0, node, 0)))).toThrow(/grow on \(1, node\)/);
  });
});
