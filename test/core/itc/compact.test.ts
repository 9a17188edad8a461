/**
 * Differential properties of the compact event trees (src/core/itc/compact.ts, issue 12): every
 * operation on pre-order arrays agrees with the object-tree algorithms of events.ts (the
 * implementation the operations used before; iterative, so it also serves for deep trees) on
 * random normal trees — bushy, deep and skewed (thousands of levels), and with counters up to
 * Number.MAX_SAFE_INTEGER — and a stamp encodes to the same bytes and text whichever form it holds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { Ev, Id } from "../../../src/core/itc/index.js";
import {
  equalsArr,
  fillArr,
  fromArr,
  growArr,
  joinArr,
  leqArr,
  maxArr,
  normArr,
  textOfArr,
  toArr,
} from "../../../src/core/itc/compact.js";
import { maxOf } from "../../../src/core/itc/events.js";
import { equalsEv, fill, grow, joinEv, leqEv } from "./tree-events.js";
import { mkStamp, mkStampArr } from "../../../src/core/itc/nodes.js";
import { CoreError } from "../../../src/core/errors.js";
import * as ref from "./reference.js";
import { prng } from "../../helpers/prng.js";

type RawEv = number | { n: number; l: RawEv; r: RawEv };
type RawId = 0 | 1 | { l: RawId; r: RawId };

const MAX = Number.MAX_SAFE_INTEGER;

/** A small counter, or (rarely) a huge one, at most `room`. */
function counter(rnd: () => number, room: number, big: boolean): number {
  const r = rnd();
  if (big && r < 0.15) return Math.max(0, room - Math.floor(rnd() * 3));
  if (big && r < 0.25) return Math.floor(rnd() * Math.min(room, 2 ** 40));
  return Math.min(room, Math.floor(rnd() * 4));
}

/** A bushy random event tree (depth ≤ maxDepth; recursion is bounded by it). */
function bushy(rnd: () => number, maxDepth: number, room: number, big: boolean): RawEv {
  if (maxDepth === 0 || rnd() < 0.3) return counter(rnd, room, big);
  const n = counter(rnd, room, big);
  return {
    n,
    l: bushy(rnd, maxDepth - 1, room - n, big),
    r: bushy(rnd, maxDepth - 1, room - n, big),
  };
}

/** A complete tree of the given depth, every counter 0 (a shape for {@link recount}). */
function bushyFull(depth: number): RawEv {
  return depth === 0 ? 0 : { n: 0, l: bushyFull(depth - 1), r: bushyFull(depth - 1) };
}

/** A skewed tree: a spine of `depth` nodes (built iteratively), small bushy trees hanging off it. */
function spine(rnd: () => number, depth: number, big: boolean): RawEv {
  // Counters along the spine are kept small so that every path stays in the safe range.
  let e: RawEv = bushy(rnd, 3, MAX - depth * 4, big);
  for (let k = 0; k < depth; k++) {
    const side = bushy(rnd, rnd() < 0.8 ? 0 : 2, 3, false);
    const n = Math.floor(rnd() * 4);
    e = rnd() < 0.5 ? { n, l: e, r: side } : { n, l: side, r: e };
  }
  return e;
}

function randId(rnd: () => number, maxDepth: number): RawId {
  if (maxDepth === 0 || rnd() < 0.35) return rnd() < 0.5 ? 0 : 1;
  return { l: randId(rnd, maxDepth - 1), r: randId(rnd, maxDepth - 1) };
}

function idSpine(rnd: () => number, depth: number): RawId {
  let i: RawId = randId(rnd, 3);
  for (let k = 0; k < depth; k++)
    i = rnd() < 0.5 ? { l: i, r: rnd() < 0.3 ? 1 : 0 } : { l: 0, r: i };
  return i;
}

/**
 * The same shape as `e` with fresh counters: what two peers' stamps look like in a simulation
 * (one id tree, different knowledge), where the join walks both trees in step — nodes against
 * nodes, counters against counters — far more than random pairs do (issue 12).
 */
function recount(rnd: () => number, e: RawEv, room: number, big: boolean): RawEv {
  if (typeof e === "number") return counter(rnd, room, big);
  const n = counter(rnd, room, big);
  return { n, l: recount(rnd, e.l, room - n, big), r: recount(rnd, e.r, room - n, big) };
}

const normEv = (e: RawEv): Ev => itc.normalize({ id: 0, event: e }).event;
const normId = (i: RawId): Id => itc.normalize({ id: i, event: 0 }).id;

interface Case {
  a: Ev;
  b: Ev;
  id: Id;
}

/** Two event trees (sometimes related: one is the other joined or lifted) and an id. */
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    seed: fc.integer(),
    shape: fc.constantFrom("bushy", "bushy", "deep", "mixed"),
    big: fc.boolean(),
    related: fc.nat(3),
  })
  .map(({ seed, shape, big, related }) => {
    const rnd = prng(seed);
    const one = (): RawEv =>
      shape === "bushy" || (shape === "mixed" && rnd() < 0.5)
        ? bushy(rnd, 8, MAX, big)
        : spine(rnd, 200 + Math.floor(rnd() * 2000), big);
    const a = normEv(one());
    let b = normEv(one());
    if (related === 1) b = joinEv(a, b);
    const id = normId(shape === "bushy" ? randId(rnd, 8) : idSpine(rnd, Math.floor(rnd() * 300)));
    return { a, b, id };
  });

function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    if (e instanceof CoreError) return e.code;
    throw e;
  }
}

describe("ITC compact event trees ≡ the object trees", () => {
  it("conversion round-trips; max, equality, leq and join agree", () => {
    fc.assert(
      fc.property(arbCase, ({ a, b }) => {
        const xa = toArr(a);
        const xb = toArr(b);
        expect(equalsEv(fromArr(xa), a)).toBe(true);
        expect(maxArr(xa)).toBe(maxOf(a));
        expect(equalsArr(xa, xb)).toBe(equalsEv(a, b));
        expect(equalsArr(xa, toArr(fromArr(xa)))).toBe(true);
        expect(leqArr(xa, xb)).toBe(leqEv(a, b));
        expect(leqArr(xb, xa)).toBe(leqEv(b, a));
        // The same array on both sides (a stamp compared or joined with itself).
        expect(leqArr(xa, xa) && equalsArr(xa, xa)).toBe(true);
        expect(equalsArr(joinArr(xa, xa), xa)).toBe(true);
        const j = joinArr(xa, xb);
        const ref = joinEv(a, b);
        expect(equalsArr(j, toArr(ref))).toBe(true);
        // The result is normal: normalising it changes nothing.
        expect(equalsArr(normArr(j), j)).toBe(true);
        expect(leqArr(xa, j) && leqArr(xb, j)).toBe(true);
        expect(equalsArr(joinArr(xb, xa), j)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("join and leq agree on two trees of one shape with other counters", () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), fc.boolean(), (seed, big, full) => {
        const rnd = prng(seed);
        // `full`: no early leaves, so the bottom levels are nodes with counter children.
        const shape = full ? recount(rnd, bushyFull(8), MAX, false) : bushy(rnd, 8, MAX, big);
        const a = normEv(recount(rnd, shape, MAX, big));
        const b = normEv(recount(rnd, shape, MAX, big));
        const xa = toArr(a);
        const xb = toArr(b);
        const j = joinArr(xa, xb);
        expect(equalsArr(j, toArr(joinEv(a, b)))).toBe(true);
        expect(equalsArr(joinArr(xb, xa), j)).toBe(true);
        expect(equalsArr(normArr(j), j)).toBe(true);
        expect(leqArr(xa, xb)).toBe(leqEv(a, b));
        expect(leqArr(xa, j) && leqArr(xb, j)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("fill and grow agree (and overflow alike)", () => {
    fc.assert(
      fc.property(arbCase, ({ a, id }) => {
        const xa = toArr(a);
        const f = outcome(() => fill(id, a));
        const fa = outcome(() => fillArr(id, xa));
        if (typeof f === "string") expect(fa).toBe(f);
        else expect(equalsArr(fa as Float64Array<ArrayBuffer>, toArr(f))).toBe(true);
        if (id === 0 || typeof f === "string") return;
        // grow's precondition: fill changes nothing.
        const g = outcome(() => grow(id, f));
        const ga = outcome(() => growArr(id, toArr(f)));
        if (typeof g === "string") expect(ga).toBe(g);
        else expect(equalsArr(ga as Float64Array<ArrayBuffer>, toArr(g))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a stamp encodes to the same bytes and text from either form", () => {
    fc.assert(
      fc.property(arbCase, ({ a, id }) => {
        const fromTree = mkStamp(id, a);
        const fromArray = mkStampArr(id, toArr(a));
        expect(Buffer.from(itc.encode(fromArray))).toEqual(Buffer.from(itc.encode(fromTree)));
        expect(itc.bitLength(fromArray)).toBe(itc.bitLength(fromTree));
        expect(itc.toString(fromArray)).toBe(itc.toString(fromTree));
        const idText = itc.toString(mkStamp(id, 0)).slice(1, -4);
        expect(itc.toString(fromTree)).toBe(`(${idText}, ${textOfArr(toArr(a))})`);
        expect(equalsEv(fromArray.event, a)).toBe(true);
        // The encoding a stamp keeps is never handed out: writing a result changes nothing.
        const first = itc.encode(fromArray);
        const copy = Buffer.from(first);
        first.fill(0xa5);
        expect(Buffer.from(itc.encode(fromArray))).toEqual(copy);
        expect(itc.encode(fromArray)).not.toBe(itc.encode(fromArray));
        // Nor is the one returned by the call that computes it.
        const again = mkStampArr(id, toArr(a));
        const computed = itc.encode(again);
        computed.fill(0x5a);
        expect(Buffer.from(itc.encode(again))).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });

  it("counters at Number.MAX_SAFE_INTEGER: join and leq exact, grow refuses to overflow", () => {
    const top = normEv({ n: MAX - 1, l: 1, r: 0 });
    const other = normEv({ n: MAX - 2, l: 0, r: 2 });
    const j = joinArr(toArr(top), toArr(other));
    expect(fromArr(j)).toBe(MAX);
    expect(leqArr(toArr(top), j) && !leqArr(j, toArr(top))).toBe(true);
    expect(() => growArr(1, Float64Array.of(MAX))).toThrow(/MAX_SAFE/);
    const s = itc.validate({ id: { l: 1, r: 0 }, event: top });
    expect(s.ok).toBe(true);
    if (s.ok) expect(() => itc.event(s.value)).toThrow(/MAX_SAFE/);
  });
});

/**
 * Appendix A as a recursive transcription (reference.ts: `encId`, `encEv`) is the oracle for both
 * writers of encode.ts (the object tree's and the compact array's) and for decode, on random normal
 * stamps: bushy and deep (stamps far beyond the writer's first 256-byte buffer) and with counters
 * of every integer-code length up to Number.MAX_SAFE_INTEGER (the table, the loop and the
 * wide writes and reads past 24 bits).
 */
describe("ITC encode and decode ≡ a recursive transcription of Appendix A", () => {
  const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
  const padded = (bits: string): string => bits.padEnd(Math.ceil(bits.length / 8) * 8, "0");
  const bytesBits = (b: Uint8Array): string =>
    Array.from(b, (x) => x.toString(2).padStart(8, "0")).join("");

  it("bits, bytes and bit length of both forms, and decode of the reference bytes", () => {
    fc.assert(
      fc.property(arbCase, fc.boolean(), ({ a, id }, arrFirst) => {
        const bits = ref.encId(id as ref.RId) + ref.encEv(a as ref.REv);
        const fromTree = mkStamp(id, a);
        const fromArray = mkStampArr(id, toArr(a));
        // Either order, so that each writer also runs right after the other one.
        for (const s of arrFirst ? [fromArray, fromTree] : [fromTree, fromArray]) {
          expect(itc.encodeBits(s)).toBe(bits);
          expect(itc.bitLength(s)).toBe(bits.length);
          expect(bytesBits(itc.encode(s))).toBe(padded(bits));
        }
        const back = itc.decode(ref.bitsToBytes(bits));
        expect(json(back)).toEqual(json(fromTree));
        expect(itc.encodeBits(back)).toBe(bits);
      }),
      { numRuns: 200 },
    );
  });

  it("every integer-code length: counters 2^k − 4 + d for k = 2 … 53 at the root and in nodes", () => {
    const values: number[] = [];
    for (let k = 2; k <= 53; k++) {
      // encn(n, 2) has k − 1 leading ones from n = 2^k − 4 on.
      for (const d of [-2, -1, 0, 1, 2]) {
        const n = 2 ** k - 4 + d;
        if (n >= 0 && n <= MAX) values.push(n);
      }
    }
    values.push(MAX - 1, MAX);
    for (const n of values) {
      const small = n > 3 ? n - 3 : 0;
      const cases: { id: RawId; event: RawEv }[] = [
        { id: 1, event: n },
        { id: { l: 1, r: 0 }, event: { n: small, l: 0, r: n - small === 0 ? 1 : n - small } },
        { id: { l: 0, r: 1 }, event: { n: 0, l: n === 0 ? 1 : n, r: 0 } },
        { id: { l: { l: 0, r: 1 }, r: 1 }, event: { n, l: { n: 0, l: 0, r: 1 }, r: 0 } },
        { id: 0, event: { n: 0, l: 2, r: n === 0 ? 1 : n } },
      ];
      for (const c of cases) {
        if (n > MAX - 2 && typeof c.event === "object" && c.event.n === n) continue;
        const s = itc.normalize(c);
        const bits = ref.encId(s.id as ref.RId) + ref.encEv(s.event as ref.REv);
        for (const st of [mkStamp(s.id, s.event), mkStampArr(s.id, toArr(s.event))]) {
          expect(itc.encodeBits(st)).toBe(bits);
          expect(bytesBits(itc.encode(st))).toBe(padded(bits));
        }
        expect(json(itc.decode(ref.bitsToBytes(bits)))).toEqual(json(s));
      }
    }
  });
});
