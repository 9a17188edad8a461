import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import { fill } from "./tree-events.js";
import { disjoint, sum } from "../../../src/core/itc/ids.js";
import {
  itcImpl,
  arbItcOps,
  arbRawStamp,
  runItcOps,
  arbStamp,
  arbStampRun,
  type ItcRun,
} from "../../../properties/arbitraries/itc.js";
import * as ref from "./reference.js";
import type { REv, RId, RStamp } from "./reference.js";
import { prng } from "../../helpers/prng.js";

const json = (s: Stamp): RStamp => JSON.parse(JSON.stringify(s)) as RStamp;

/** Every stamp of a run: live processes then messages. Distinct entries have disjoint ids. */
const pool = (run: ItcRun<Stamp>): Stamp[] => [...run.processes, ...run.messages];

/** A run and three distinct positions in its pool. */
const triple = arbStampRun({ maxLength: 50 }).chain((run) => {
  const n = pool(run).length;
  return fc
    .tuple(fc.nat(n - 1), fc.nat(n - 1), fc.nat(n - 1))
    .map(([i, j, k]) => ({ p: pool(run), i, j, k }));
});

function denote(s: Stamp | RStamp, depth: number): number[] {
  return ref.denoteEv(s.event as REv, depth);
}

/** Randomly rewrites a normal tree into an equivalent non-normal one. */
function denormId(i: RId, rnd: () => number, depth = 0): RId {
  if (depth > 6) return i;
  if (typeof i === "number") {
    return rnd() < 0.3 ? { l: denormId(i, rnd, depth + 1), r: denormId(i, rnd, depth + 1) } : i;
  }
  return { l: denormId(i.l, rnd, depth + 1), r: denormId(i.r, rnd, depth + 1) };
}
function denormEv(e: REv, rnd: () => number, depth = 0): REv {
  if (depth > 6) return e;
  if (typeof e === "number") {
    if (rnd() < 0.3) {
      const k = Math.floor(rnd() * (e + 1));
      const c = denormEv(k, rnd, depth + 1);
      return { n: e - k, l: c, r: denormEv(k, rnd, depth + 1) };
    }
    return e;
  }
  const k = rnd() < 0.4 ? Math.floor(rnd() * (e.n + 1)) : 0;
  const lift = (x: REv): REv => (typeof x === "number" ? x + k : { ...x, n: x.n + k });
  return {
    n: e.n - k,
    l: denormEv(lift(e.l), rnd, depth + 1),
    r: denormEv(lift(e.r), rnd, depth + 1),
  };
}

describe("ITC properties", () => {
  it("ITC-1 normalisation matches the paper's norm, is idempotent and accepts exactly normal forms", () => {
    fc.assert(
      fc.property(arbRawStamp, (raw) => {
        const n = itc.normalize(raw);
        const expected = {
          id: ref.deepNormId(raw.id as RId),
          event: ref.deepNormEv(raw.event as REv),
        };
        expect(json(n)).toEqual(expected);
        expect(itc.isNormal(n)).toBe(true);
        expect(itc.equals(itc.normalize(n), n)).toBe(true);
        expect(itc.normalize(n)).toBe(n); // already ours: returned as is
        expect(itc.normalize(json(n))).toEqual(n);
        // validate accepts a raw tree iff it is already its own normal form.
        expect(itc.isNormal(raw)).toBe(ref.same(raw, expected));
      }),
    );
  });

  it("ITC-1 normal forms are unique: equivalent trees normalise to the same stamp", () => {
    fc.assert(
      fc.property(arbStamp(), fc.integer(), (s, seed) => {
        const rnd = prng(seed);
        const j = json(s);
        const raw = { id: denormId(j.id, rnd), event: denormEv(j.event, rnd) };
        const d = Math.max(ref.depthOf(raw.event), ref.depthOf(raw.id));
        expect(ref.denoteEv(raw.event, d)).toEqual(ref.denoteEv(j.event, d));
        expect(ref.denoteId(raw.id, d)).toEqual(ref.denoteId(j.id, d));
        expect(itc.equals(itc.normalize(raw), s)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(arbRawStamp, arbRawStamp, (r1, r2) => {
        const a = itc.normalize(r1);
        const b = itc.normalize(r2);
        const d = Math.max(ref.depthOf(r1.event), ref.depthOf(r2.event), 1);
        const same = ref.same(ref.denoteEv(a.event as REv, d), ref.denoteEv(b.event as REv, d));
        expect(itc.equals(itc.peek(a), itc.peek(b))).toBe(same);
      }),
    );
  });

  it("ITC-2 join is commutative, associative, idempotent and an upper bound", () => {
    fc.assert(
      fc.property(triple, ({ p, i, j, k }) => {
        fc.pre(i !== j && j !== k && i !== k);
        const a = p[i] as Stamp;
        const b = p[j] as Stamp;
        const c = p[k] as Stamp;
        const ab = itc.join(a, b);
        expect(itc.equals(ab, itc.join(b, a))).toBe(true);
        expect(itc.equals(itc.join(ab, c), itc.join(a, itc.join(b, c)))).toBe(true);
        expect(itc.equals(itc.join(a, itc.peek(a)), a)).toBe(true);
        expect(itc.equals(itc.join(itc.peek(a), itc.peek(a)), itc.peek(a))).toBe(true);
        expect(itc.leq(a, ab) && itc.leq(b, ab)).toBe(true);
        // Least: any common upper bound in the run dominates the join.
        if (itc.leq(a, c) && itc.leq(b, c)) expect(itc.leq(ab, c)).toBe(true);
        // Pointwise maximum of the denotations, and the paper's equations.
        const d = Math.max(ref.depthOf(a.event), ref.depthOf(b.event));
        const da = denote(a, d);
        const db = denote(b, d);
        expect(denote(ab, d)).toEqual(da.map((v, x) => Math.max(v, db[x] as number)));
        expect(json(ab)).toEqual({
          id: ref.sum(json(a).id, json(b).id),
          event: ref.joinEv(json(a).event, json(b).event),
        });
      }),
      { numRuns: 150 },
    );
  });

  it("ITC-3 leq is a partial order (reflexive, antisymmetric, transitive) and pointwise ≤", () => {
    fc.assert(
      fc.property(triple, ({ p, i, j, k }) => {
        const a = p[i] as Stamp;
        const b = p[j] as Stamp;
        const c = p[k] as Stamp;
        expect(itc.leq(a, a)).toBe(true);
        if (itc.leq(a, b) && itc.leq(b, a)) {
          expect(itc.equals(itc.peek(a), itc.peek(b))).toBe(true);
        }
        if (itc.leq(a, b) && itc.leq(b, c)) expect(itc.leq(a, c)).toBe(true);
        const d = Math.max(ref.depthOf(a.event), ref.depthOf(b.event));
        const da = denote(a, d);
        const db = denote(b, d);
        expect(itc.leq(a, b)).toBe(da.every((v, x) => v <= (db[x] as number)));
        expect(itc.leq(a, b)).toBe(ref.leqEv(json(a).event, json(b).event));
        expect(itc.concurrent(a, b)).toBe(!itc.leq(a, b) && !itc.leq(b, a));
      }),
      { numRuns: 150 },
    );
  });

  it("ITC-4 event strictly increases, keeps the id and matches the paper's fill/grow", () => {
    fc.assert(
      fc.property(arbStamp(), (a) => {
        fc.pre(a.id !== 0);
        const b = itc.event(a);
        expect(itc.leq(a, b)).toBe(true);
        expect(itc.leq(b, a)).toBe(false);
        expect(b.id).toBe(a.id);
        expect(itc.isNormal(json(b))).toBe(true);
        expect(json(b)).toEqual(ref.normalize(ref.eventR(json(a))));
        // The counters only grow inside the stamp's own intervals.
        const d = Math.max(ref.depthOf(b.event), ref.depthOf(a.event), ref.depthOf(a.id));
        const own = ref.denoteId(json(a).id, d);
        const before = denote(a, d);
        denote(b, d).forEach((v, x) => {
          if (own[x] === 0) expect(v).toBe(before[x]);
        });
        // fill returns the very same object when it changes nothing.
        const f = fill(a.id, a.event);
        if (ref.same(f, a.event)) expect(f).toBe(a.event);
      }),
    );
  });

  it("ITC-5 fork halves are disjoint, sum back to the original id and keep the event", () => {
    fc.assert(
      fc.property(arbStamp(), (a) => {
        const [x, y] = itc.fork(a);
        expect(disjoint(x.id, y.id)).toBe(true);
        expect(x.event).toBe(a.event);
        expect(y.event).toBe(a.event);
        expect(itc.equals(itc.join(x, y), a)).toBe(true);
        expect(itc.equals(itc.join(y, x), a)).toBe(true);
        if (a.id !== 0) expect(x.id !== 0 && y.id !== 0).toBe(true);
        const [rx, ry] = ref.split(json(a).id);
        expect([json(x).id, json(y).id]).toEqual([rx, ry]);
        // sync = join then fork; send = event then peek; receive = join then event.
        const [s1, m] = itc.send(x.id === 0 ? itc.seed() : x);
        expect(m.id).toBe(0);
        expect(m.event).toBe(s1.event);
      }),
    );
  });

  it("ITC-6 live ids never overlap and always sum to the seed's id", () => {
    fc.assert(
      fc.property(arbItcOps({ maxLength: 80 }), (ops) => {
        runItcOps(ops, itcImpl, {
          onStep: (run) => {
            const ids = run.processes.map((s) => s.id);
            for (let x = 0; x < ids.length; x++) {
              for (let y = x + 1; y < ids.length; y++) {
                expect(disjoint(ids[x] as itc.Id, ids[y] as itc.Id)).toBe(true);
              }
            }
            expect(ids.reduce((acc, i) => sum(acc, i), 0 as itc.Id)).toBe(1);
            for (const m of run.messages) expect(m.id).toBe(0);
          },
        });
      }),
      { numRuns: 60 },
    );
  });

  it("ITC-8 encode/decode round-trip, canonical bits, text and JSON round-trips", () => {
    fc.assert(
      fc.property(arbStamp(), (s) => {
        const bytes = itc.encode(s);
        const back = itc.decode(bytes);
        expect(itc.equals(back, s)).toBe(true);
        expect(Array.from(itc.encode(back))).toEqual(Array.from(bytes));
        const j = json(s);
        const bits = ref.encId(j.id) + ref.encEv(j.event);
        expect(itc.encodeBits(s)).toBe(bits);
        expect(itc.bitLength(s)).toBe(bits.length);
        expect(bytes.length).toBe(Math.ceil(bits.length / 8));
        expect(itc.equals(itc.parse(itc.toString(s)), s)).toBe(true);
        const v = itc.validate(j);
        expect(v.ok && itc.equals(v.value, s)).toBe(true);
        expect(itc.stampSchema.safeParse(j).success).toBe(true);
      }),
    );
  });
});
