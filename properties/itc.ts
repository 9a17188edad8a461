/**
 * The ITC invariants (SPEC.md §8) as properties of any implementation (`ItcUnderTest`), the
 * reference core by default. Runs are generated as operation sequences and executed by the
 * implementation under test; send, receive and sync are derived from its primitives exactly as
 * the spec defines them (send = event then peek, receive = join then event, sync = join then
 * fork). Stamps are compared through `toStamp` in the exported JSON shape.
 */
import fc from "fast-check";
import { CoreError } from "../src/core/errors.js";
import * as itc from "../src/core/itc/index.js";
import type { Stamp } from "../src/core/itc/index.js";
import { arbItcOps, runItcOps, type ItcImpl, type ItcOp, type ItcRun } from "./arbitraries/itc.js";
import type { InvariantProperty } from "./property.js";
import type { ItcUnderTest } from "./under-test.js";

function holds(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

/** The reference core as an ItcUnderTest. */
export const referenceItc: ItcUnderTest<Stamp> = {
  seed: itc.seed,
  fork: itc.fork,
  event: itc.event,
  join: itc.join,
  peek: itc.peek,
  leq: itc.leq,
  encode: itc.encode,
  decode: itc.decode,
  toStamp: (s) => s,
  fromStamp: (s) => s,
};

/** The operations of a run, derived from the primitives as SPEC.md §8 defines them. */
export function runnable<S>(impl: ItcUnderTest<S>): ItcImpl<S> {
  return {
    seed: () => impl.seed(),
    fork: (s) => {
      const [a, b] = impl.fork(s);
      return [a, b];
    },
    event: (s) => impl.event(s),
    join: (a, b) => impl.join(a, b),
    send: (s) => {
      const t = impl.event(s);
      return [t, impl.peek(t)];
    },
    receive: (s, m) => impl.event(impl.join(s, m)),
    sync: (a, b) => {
      const [x, y] = impl.fork(impl.join(a, b));
      return [x, y];
    },
  };
}

/** The text of a stamp in the exported shape, or why it has none. */
function show<S>(impl: ItcUnderTest<S>, s: S): string {
  try {
    const j = impl.toStamp(s);
    return itc.isNormal(j) ? itc.toString(itc.normalize(j)) : JSON.stringify(j);
  } catch (e) {
    return `<toStamp failed: ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/**
 * A canonical key of a stamp: its Appendix-A encoding after normalising (normal forms are
 * unique, so equal stamps have equal keys). Iterative, so 100 000-level stamps work.
 */
function key<S>(impl: ItcUnderTest<S>, s: S): string {
  const j = impl.toStamp(s);
  try {
    return Buffer.from(itc.encode(itc.normalize(j))).toString("base64");
  } catch (e) {
    return `malformed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Whether two ids are disjoint, by the reference sum (which reports overlap). */
function disjoint(a: Stamp, b: Stamp): boolean {
  try {
    itc.join({ id: a.id, event: 0 } as Stamp, { id: b.id, event: 0 } as Stamp);
    return true;
  } catch (e) {
    if (e instanceof CoreError && e.code === "ITC_OVERLAPPING_IDS") return false;
    throw e;
  }
}

/** A stamp paired with its causal history: the set of events (unique tokens) it has seen. */
export interface TrackedStamp<S = Stamp> {
  readonly stamp: S;
  readonly history: ReadonlySet<number>;
}

/**
 * The causal-history oracle (ITC-7): runs the operations and tracks, next to each stamp, the
 * set of events it has seen. Each event gets a fresh token.
 */
export function trackedItc<S = Stamp>(
  impl: ItcUnderTest<S> = referenceItc as unknown as ItcUnderTest<S>,
): ItcImpl<TrackedStamp<S>> {
  const ops = runnable(impl);
  let next = 0;
  const union = (a: ReadonlySet<number>, b: ReadonlySet<number>) => new Set([...a, ...b]);
  const plusEvent = (h: ReadonlySet<number>) => new Set([...h, next++]);
  return {
    seed: () => ({ stamp: ops.seed(), history: new Set() }),
    fork: (s) => {
      const [a, b] = ops.fork(s.stamp);
      return [
        { stamp: a, history: s.history },
        { stamp: b, history: s.history },
      ];
    },
    event: (s) => ({ stamp: ops.event(s.stamp), history: plusEvent(s.history) }),
    join: (a, b) => ({ stamp: ops.join(a.stamp, b.stamp), history: union(a.history, b.history) }),
    send: (s) => {
      const [t, m] = ops.send(s.stamp);
      const h = plusEvent(s.history);
      return [
        { stamp: t, history: h },
        { stamp: m, history: h },
      ];
    },
    receive: (s, m) => ({
      stamp: ops.receive(s.stamp, m.stamp),
      history: plusEvent(union(s.history, m.history)),
    }),
    sync: (a, b) => {
      const [x, y] = ops.sync(a.stamp, b.stamp);
      const h = union(a.history, b.history);
      return [
        { stamp: x, history: h },
        { stamp: y, history: h },
      ];
    },
  };
}

/** Throws unless leq agrees with inclusion of causal histories for every pair of the run. */
export function checkCausality<S>(
  run: ItcRun<TrackedStamp<S>>,
  impl: ItcUnderTest<S> = referenceItc as unknown as ItcUnderTest<S>,
): void {
  const all = [...run.processes, ...run.messages];
  for (const a of all) {
    for (const b of all) {
      const causal = [...a.history].every((x) => b.history.has(x));
      if (impl.leq(a.stamp, b.stamp) !== causal) {
        throw new Error(
          `leq(${show(impl, a.stamp)}, ${show(impl, b.stamp)}) = ${!causal} but histories ` +
            `[${[...a.history].join(",")}] ⊆ [${[...b.history].join(",")}] is ${causal}`,
        );
      }
    }
  }
}

/** A valid stamp whose id and event are `depth` levels deep (built iteratively). */
export function deepStamp(depth: number): Stamp {
  let id: unknown = { l: 1, r: 0 };
  let event: unknown = { n: 0, l: 0, r: 1 };
  for (let k = 0; k < depth; k++) {
    id = { l: id, r: 0 };
    event = { n: 0, l: event, r: 1 };
  }
  const v = itc.validate({ id, event });
  if (!v.ok) throw new Error(v.error.message);
  return v.value;
}

/** Operation sequences, and three positions into the resulting pool of stamps. */
const arbOpsTriple = fc.tuple(arbItcOps({ maxLength: 50 }), fc.nat(), fc.nat(), fc.nat());
const arbOps = arbItcOps({ maxLength: 60 });

function pool<S>(impl: ItcUnderTest<S>, ops: readonly ItcOp[]): S[] {
  const run = runItcOps(ops, runnable(impl));
  return [...run.processes, ...run.messages];
}

/** Every ITC invariant as a property of `impl` (the reference core by default). */
export function itcProperties<S>(
  impl: ItcUnderTest<S> = referenceItc as unknown as ItcUnderTest<S>,
  name = "implementation",
): InvariantProperty[] {
  const eq = (a: S, b: S) => key(impl, a) === key(impl, b);
  const out: InvariantProperty[] = [
    {
      id: "ITC-1",
      suite: "itc",
      title: "normal forms are unique and normalisation is idempotent",
      numRuns: 300,
      build: () =>
        fc.property(arbOps, (ops) => {
          for (const s of pool(impl, ops)) {
            const j = JSON.parse(JSON.stringify(impl.toStamp(s))) as unknown;
            holds(
              itc.isNormal(j),
              `${name} produced a stamp that is not in normal form: ${JSON.stringify(j)}`,
            );
            holds(
              JSON.stringify(itc.normalize(j)) === JSON.stringify(j),
              "normalising a normal form changed it",
            );
            holds(
              eq(impl.fromStamp(j as Stamp), s),
              `fromStamp(toStamp(s)) ≠ s for ${show(impl, s)}`,
            );
          }
        }),
    },
    {
      id: "ITC-2",
      suite: "itc",
      title: "join is commutative, associative, idempotent and an upper bound",
      numRuns: 200,
      build: () =>
        fc.property(arbOpsTriple, ([ops, x, y, z]) => {
          const p = pool(impl, ops);
          const [i, j, k] = [x % p.length, y % p.length, z % p.length];
          if (i === j || j === k || i === k) return;
          const [a, b, c] = [p[i], p[j], p[k]] as [S, S, S];
          const ab = impl.join(a, b);
          holds(
            eq(ab, impl.join(b, a)),
            `join(${show(impl, a)}, ${show(impl, b)}) is not commutative`,
          );
          holds(eq(impl.join(ab, c), impl.join(a, impl.join(b, c))), "join is not associative");
          holds(eq(impl.join(a, impl.peek(a)), a), `join(a, peek(a)) ≠ a for ${show(impl, a)}`);
          holds(impl.leq(a, ab) && impl.leq(b, ab), "join is not an upper bound");
          if (impl.leq(a, c) && impl.leq(b, c))
            holds(impl.leq(ab, c), "join is not the least upper bound");
        }),
    },
    {
      id: "ITC-3",
      suite: "itc",
      title: "leq is a partial order",
      numRuns: 200,
      build: () =>
        fc.property(arbOpsTriple, ([ops, x, y, z]) => {
          const p = pool(impl, ops);
          const [a, b, c] = [p[x % p.length], p[y % p.length], p[z % p.length]] as [S, S, S];
          holds(impl.leq(a, a), `leq is not reflexive on ${show(impl, a)}`);
          if (impl.leq(a, b) && impl.leq(b, a)) {
            holds(
              key(impl, impl.peek(a)) === key(impl, impl.peek(b)),
              `leq is not antisymmetric: ${show(impl, a)} and ${show(impl, b)}`,
            );
          }
          if (impl.leq(a, b) && impl.leq(b, c)) holds(impl.leq(a, c), "leq is not transitive");
        }),
    },
    {
      id: "ITC-4",
      suite: "itc",
      title: "event strictly increases the stamp and keeps the id",
      numRuns: 300,
      build: () =>
        fc.property(arbOps, (ops) => {
          const run = runItcOps(ops, runnable(impl));
          for (const a of run.processes) {
            const b = impl.event(a);
            holds(
              impl.leq(a, b) && !impl.leq(b, a),
              `event(${show(impl, a)}) = ${show(impl, b)} does not strictly increase it`,
            );
            holds(
              JSON.stringify(impl.toStamp(b).id) === JSON.stringify(impl.toStamp(a).id),
              "event changed the id",
            );
          }
        }),
    },
    {
      id: "ITC-5",
      suite: "itc",
      title: "fork halves are disjoint and sum to the original id; both keep the event",
      numRuns: 300,
      build: () =>
        fc.property(arbOps, (ops) => {
          for (const a of runItcOps(ops, runnable(impl)).processes) {
            const [x, y] = impl.fork(a);
            holds(
              disjoint(impl.toStamp(x), impl.toStamp(y)),
              `fork(${show(impl, a)}) gives overlapping halves ${show(impl, x)}, ${show(impl, y)}`,
            );
            holds(eq(impl.join(x, y), a), `the halves of ${show(impl, a)} do not join back to it`);
            const e = JSON.stringify(impl.toStamp(a).event);
            holds(
              JSON.stringify(impl.toStamp(x).event) === e &&
                JSON.stringify(impl.toStamp(y).event) === e,
              "fork changed the event",
            );
          }
        }),
    },
    {
      id: "ITC-6",
      suite: "itc",
      title: "live ids never overlap in any run",
      numRuns: 60,
      build: () =>
        fc.property(arbItcOps({ maxLength: 80 }), (ops) => {
          runItcOps(ops, runnable(impl), {
            onStep: (run, op) => {
              const ids = run.processes.map((s) => impl.toStamp(s));
              for (let x = 0; x < ids.length; x++)
                for (let y = x + 1; y < ids.length; y++)
                  holds(
                    disjoint(ids[x] as Stamp, ids[y] as Stamp),
                    `after ${op.kind}, live stamps ${show(impl, run.processes[x] as S)} and ${show(impl, run.processes[y] as S)} overlap`,
                  );
            },
          });
        }),
    },
    {
      id: "ITC-7",
      suite: "itc",
      title:
        "leq agrees with causal histories over random runs of fork/event/join/send/receive/sync",
      numRuns: 200,
      build: () =>
        fc.property(arbItcOps({ maxLength: 120 }), (ops) => {
          checkCausality(runItcOps(ops, trackedItc(impl), { maxProcesses: 16 }), impl);
        }),
    },
    {
      id: "ITC-10",
      suite: "itc",
      title: "misuse is reported: joining overlapping ids and an event on id 0 throw",
      numRuns: 100,
      build: () =>
        fc.property(arbOps, (ops) => {
          for (const s of runItcOps(ops, runnable(impl)).processes) {
            let joined = false;
            try {
              impl.join(s, s);
              joined = true;
            } catch {
              // reported: as required
            }
            holds(
              !joined,
              `join(${show(impl, s)}, itself) was accepted: overlapping ids must be reported`,
            );
            let evented = false;
            try {
              impl.event(impl.peek(s));
              evented = true;
            } catch {
              // reported
            }
            holds(!evented, "event on an anonymous stamp (id 0) was accepted");
          }
        }),
    },
    {
      id: "ITC-11",
      suite: "itc",
      title: "trees 100 000 levels deep never crash any operation",
      numRuns: 1,
      build: () =>
        fc.property(fc.constant(100_000), (depth) => {
          const a = impl.fromStamp(deepStamp(depth));
          const [x, y] = impl.fork(a);
          const x1 = impl.event(x);
          holds(impl.leq(a, x1) && !impl.leq(x1, a), "event on a deep stamp does not increase it");
          holds(eq(impl.join(x1, y), impl.join(y, x1)), "join on deep stamps is not commutative");
          if (impl.encode !== undefined && impl.decode !== undefined) {
            holds(eq(impl.decode(impl.encode(x1)), x1), "encode/decode on a deep stamp");
          }
        }),
    },
  ];
  const { encode, decode } = impl;
  if (encode !== undefined && decode !== undefined) {
    out.push(
      {
        id: "ITC-8",
        suite: "itc",
        title: "encode is Appendix A exactly and decode(encode(s)) = s",
        numRuns: 300,
        build: () =>
          fc.property(arbOps, (ops) => {
            for (const s of pool(impl, ops)) {
              const bytes = encode(s);
              const want = itc.encode(itc.normalize(impl.toStamp(s)));
              holds(
                Buffer.from(bytes).equals(Buffer.from(want)),
                `encode(${show(impl, s)}) = ${Buffer.from(bytes).toString("hex")}, Appendix A gives ${Buffer.from(want).toString("hex")}`,
              );
              holds(eq(decode(bytes), s), "decode(encode(s)) ≠ s");
            }
          }),
      },
      {
        id: "ITC-9",
        suite: "itc",
        title: "decode rejects every byte string that is not a canonical encoding",
        numRuns: 1000,
        build: () =>
          fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
            let s: S;
            try {
              s = decode(bytes);
            } catch {
              return;
            }
            holds(
              Buffer.from(encode(s)).equals(Buffer.from(bytes)),
              `decode accepted ${Buffer.from(bytes).toString("hex")}, which is not the canonical encoding of what it decoded`,
            );
          }),
      },
    );
  }
  return out;
}
