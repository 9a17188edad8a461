/**
 * ITC stamp size (SPEC.md §8): ITC-12 — `event` is the paper's event, fill before grow, grow by
 * the least cost with the Decision's costs (a new node 1000, an increment 1, ties to the right);
 * ITC-13 — over the same run of operations, no stamp of the implementation encodes to more bytes
 * than the reference's. The oracle of ITC-12 is `specEvent` below, a recursive transcription of
 * the paper's fill and grow (`shared/notes/itc.md`) independent of src/core/itc; ITC-13 is a
 * differential comparison with the reference, whose stamps §8 fixes exactly.
 */
import fc from "fast-check";
import * as itc from "../src/core/itc/index.js";
import type { Ev, Id, Stamp } from "../src/core/itc/index.js";
import {
  arbItcOps,
  arbRawId,
  arbStamp,
  itcImpl,
  runItcOps,
  type ItcOp,
} from "./arbitraries/itc.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import { runnable } from "./itc.js";
import { reduceItcArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { ItcUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

// ---------------------------------------------------------------------------------------------
// The paper's event, transcribed (recursive: the stamps here are shallow)

/** Cost of a new node in `grow` (SPEC.md §8 Decision). */
const NEW_NODE = 1000;

const minEv = (e: Ev): number =>
  typeof e === "number" ? e : e.n + Math.min(minEv(e.l), minEv(e.r));
const maxEv = (e: Ev): number =>
  typeof e === "number" ? e : e.n + Math.max(maxEv(e.l), maxEv(e.r));
const sink = (e: Ev, m: number): Ev =>
  typeof e === "number" ? e - m : { n: e.n - m, l: e.l, r: e.r };

/** norm(n, l, r): (n, m, m) → n + m; otherwise the common minimum of the children moves up. */
function norm(n: number, l: Ev, r: Ev): Ev {
  if (typeof l === "number" && typeof r === "number" && l === r) return n + l;
  const m = Math.min(minEv(l), minEv(r));
  return { n: n + m, l: sink(l, m), r: sink(r, m) };
}

/** fill(i, e): inflate e inside i's intervals without new nodes. */
export function specFill(i: Id, e: Ev): Ev {
  if (i === 0 || typeof e === "number") return i === 1 ? maxEv(e) : e;
  if (i === 1) return maxEv(e);
  if (i.l === 1) {
    const er = specFill(i.r, e.r);
    return norm(e.n, Math.max(maxEv(e.l), minEv(er)), er);
  }
  if (i.r === 1) {
    const el = specFill(i.l, e.l);
    return norm(e.n, el, Math.max(maxEv(e.r), minEv(el)));
  }
  return norm(e.n, specFill(i.l, e.l), specFill(i.r, e.r));
}

/** grow(i, e): the cheapest inflation (a new node costs 1000, each level 1; ties go right). */
export function specGrow(i: Id, e: Ev): { e: Ev; c: number } {
  if (i === 1 && typeof e === "number") return { e: e + 1, c: 0 };
  if (i === 0) throw new Error("grow on id 0");
  if (typeof e === "number") {
    const g = specGrow(i, { n: e, l: 0, r: 0 });
    return { e: g.e, c: g.c + NEW_NODE };
  }
  if (i === 1) throw new Error("grow on (1, node): fill always suffices there");
  if (i.l === 0) {
    const g = specGrow(i.r, e.r);
    return { e: norm(e.n, e.l, g.e), c: g.c + 1 };
  }
  if (i.r === 0) {
    const g = specGrow(i.l, e.l);
    return { e: norm(e.n, g.e, e.r), c: g.c + 1 };
  }
  const gl = specGrow(i.l, e.l);
  const gr = specGrow(i.r, e.r);
  return gl.c < gr.c
    ? { e: norm(e.n, gl.e, e.r), c: gl.c + 1 }
    : { e: norm(e.n, e.l, gr.e), c: gr.c + 1 };
}

const sameEv = (a: Ev, b: Ev): boolean =>
  typeof a === "number" || typeof b === "number"
    ? a === b
    : a.n === b.n && sameEv(a.l, b.l) && sameEv(a.r, b.r);

/** Whether fill alone inflates the stamp (then event must be fill). */
export function fillSuffices(s: Stamp): boolean {
  return !sameEv(specFill(s.id, s.event), s.event);
}

/** event(s) = (id, fill) if fill changes the event, else (id, grow). */
export function specEvent(s: Stamp): Stamp {
  const f = specFill(s.id, s.event);
  return { id: s.id, event: sameEv(f, s.event) ? specGrow(s.id, s.event).e : f };
}

function nodes(e: Ev): number {
  return typeof e === "number" ? 1 : 1 + nodes(e.l) + nodes(e.r);
}

// ---------------------------------------------------------------------------------------------
// Generators

/** The largest counter (SPEC.md §8: a safe integer). */
const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Stamps with a non-zero id to apply `event` to: stamps of random runs (where fill usually
 * suffices after joins), random normal ids with an integer or small event tree (where grow
 * must choose, ties included), and counters within 10 of the largest safe integer.
 */
export const arbEventStamp: fc.Arbitrary<Stamp> = fc.oneof(
  { arbitrary: arbStamp({ maxLength: 60 }).filter((s) => s.id !== 0), weight: 4 },
  {
    weight: 3,
    arbitrary: fc
      .tuple(arbRawId, arbStamp({ maxLength: 30 }))
      .map(([id, s]) => itc.normalize({ id: id as Id, event: s.event }))
      .filter((s) => s.id !== 0),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(arbRawId, fc.integer({ min: MAX - 10, max: MAX - 1 }))
      .map(([id, n]) => itc.normalize({ id: id as Id, event: n }))
      .filter((s) => s.id !== 0),
  },
);

/** Boundary classes of `arbEventStamp` (SPEC.md §8). */
export const ITC_SIZE_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbEventStamp",
    suite: "itc",
    arbitrary: arbEventStamp,
    classes: [
      { name: "fill suffices", spec: "§8", hit: (s) => fillSuffices(s) },
      { name: "grow needed", spec: "§8", hit: (s) => !fillSuffices(s) },
      {
        name: "grow adds a node (integer event under a split id)",
        spec: "§8",
        hit: (s) => typeof s.event === "number" && s.id !== 1,
      },
      {
        name: "grow with equal costs on both sides (tie goes right)",
        spec: "§8 Decision",
        hit: (s) => {
          if (fillSuffices(s) || s.id === 0 || s.id === 1 || s.id.l === 0 || s.id.r === 0)
            return false;
          const ev = typeof s.event === "number" ? { n: s.event, l: 0, r: 0 } : s.event;
          return specGrow(s.id.l, ev.l).c === specGrow(s.id.r, ev.r).c;
        },
      },
      { name: "id 1", spec: "§8", hit: (s) => s.id === 1 },
      { name: "counter within 10 of 2^53 − 1", spec: "§8", hit: (s) => maxEv(s.event) >= MAX - 10 },
    ],
  }),
  boundaries({
    generator: "arbItcOps (ITC-13)",
    suite: "itc",
    arbitrary: arbItcOps({ minLength: 50, maxLength: 250 }),
    classes: [
      { name: "≥ 200 operations", spec: "§8", hit: (ops: ItcOp[]) => ops.length >= 200 },
      {
        name: "≥ 16 live processes at the end",
        spec: "§8",
        hit: (ops: ItcOp[]) => runItcOps(ops, itcImpl).processes.length >= 16,
      },
      {
        name: "≥ 30 events",
        spec: "§8",
        hit: (ops: ItcOp[]) => ops.filter((o) => o.kind === "event").length >= 30,
      },
    ],
  }),
];

// ---------------------------------------------------------------------------------------------
// The properties

function show(s: Stamp): string {
  try {
    return itc.toString(s);
  } catch {
    return JSON.stringify(s);
  }
}

/** ITC-12 and ITC-13 of an `itc` part. */
export function itcSizeProperties<S>(
  impl: ItcUnderTest<S>,
  name = "reference",
): InvariantProperty[] {
  const bytes = (s: S): number =>
    impl.encode !== undefined ? impl.encode(s).length : itc.encode(impl.toStamp(s)).length;
  return [
    {
      id: "ITC-12",
      suite: "itc",
      title:
        "event is the paper's: fill when fill inflates the stamp, else grow by the least cost (new node 1000, increment 1, ties right)",
      numRuns: 400,
      build: () =>
        fc.property(arbEventStamp, (s) => {
          const want = specEvent(s);
          const got = impl.toStamp(impl.event(impl.fromStamp(s)));
          if (itc.isNormal(got) && itc.equals(got, want)) return;
          const what = `${name}: event(${show(s)}) = ${show(got)}, the paper's event gives ${show(want)}`;
          const gn = itc.isNormal(got) ? nodes(got.event) : Infinity;
          const wn = nodes(want.event);
          if (fillSuffices(s))
            violation(
              gn > wn ? "grew-where-fill-suffices" : "fill-mismatch",
              `${what} (fill suffices here: no new node may be added)`,
            );
          if (gn > wn)
            violation("grew-more-than-needed", `${what} (more nodes than the cheapest grow)`);
          if (gn === wn)
            violation("grew-elsewhere", `${what} (grew another branch: costs or tie-break differ)`);
          violation("event-mismatch", what);
        }),
    },
    {
      id: "ITC-13",
      suite: "itc",
      title:
        "over the same run of fork/event/join/send/receive/sync, no stamp encodes to more bytes than the reference's",
      numRuns: 80,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcOps({ minLength: 50, maxLength: 250 }), (ops) => {
          // The reference's live stamps after every 5th operation and the last.
          const checkpoints: Stamp[][] = [];
          const due = (k: number) => k % 5 === 4 || k === ops.length - 1;
          let k = 0;
          runItcOps(ops, itcImpl, {
            onStep: (run) => {
              if (due(k)) checkpoints.push([...run.processes]);
              k++;
            },
          });
          k = 0;
          let c = 0;
          runItcOps(ops, runnable(impl), {
            onStep: (run, op) => {
              if (due(k)) {
                const refs = checkpoints[c++] ?? [];
                run.processes.forEach((mine, i) => {
                  const theirs = refs[i];
                  if (theirs === undefined) return;
                  const a = bytes(mine);
                  const b = itc.encode(theirs).length;
                  if (a > b)
                    violation(
                      "larger-than-reference",
                      `${name}: after operation ${k + 1} of ${ops.length} (${op.kind}), process ${i}'s stamp takes ${a} bytes (${show(impl.toStamp(mine))}), the reference's ${b} (${show(theirs)})`,
                    );
                });
              }
              k++;
            },
          });
        }),
    },
  ];
}
