import fc from "fast-check";
import { CoreError } from "../src/core/errors.js";
import * as itc from "../src/core/itc/index.js";
import type { Stamp } from "../src/core/itc/index.js";
import {
  arbItcOps,
  arbStamp,
  arbStampRun,
  itcImpl,
  runItcOps,
  type ItcImpl,
  type ItcRun,
} from "./arbitraries/itc.js";
import type { InvariantProperty } from "./property.js";

function holds(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

/** A stamp paired with its causal history: the set of events (unique tokens) it has seen. */
export interface TrackedStamp {
  readonly stamp: Stamp;
  readonly history: ReadonlySet<number>;
}

/**
 * The causal-history oracle (ITC-7): runs the ITC operations and tracks, next to each stamp,
 * the set of events it has seen. Each event gets a fresh token.
 */
export function trackedItc(): ItcImpl<TrackedStamp> {
  let next = 0;
  const union = (a: ReadonlySet<number>, b: ReadonlySet<number>) => new Set([...a, ...b]);
  const plusEvent = (h: ReadonlySet<number>) => new Set([...h, next++]);
  return {
    seed: () => ({ stamp: itc.seed(), history: new Set() }),
    fork: (s) => {
      const [a, b] = itc.fork(s.stamp);
      return [
        { stamp: a, history: s.history },
        { stamp: b, history: s.history },
      ];
    },
    event: (s) => ({ stamp: itc.event(s.stamp), history: plusEvent(s.history) }),
    join: (a, b) => ({ stamp: itc.join(a.stamp, b.stamp), history: union(a.history, b.history) }),
    send: (s) => {
      const [t, m] = itc.send(s.stamp);
      const h = plusEvent(s.history);
      return [
        { stamp: t, history: h },
        { stamp: m, history: h },
      ];
    },
    receive: (s, m) => ({
      stamp: itc.receive(s.stamp, m.stamp),
      history: plusEvent(union(s.history, m.history)),
    }),
    sync: (a, b) => {
      const [x, y] = itc.sync(a.stamp, b.stamp);
      const h = union(a.history, b.history);
      return [
        { stamp: x, history: h },
        { stamp: y, history: h },
      ];
    },
  };
}

/** Throws unless leq agrees with inclusion of causal histories for every pair of stamps of the run. */
export function checkCausality(run: ItcRun<TrackedStamp>): void {
  const all = [...run.processes, ...run.messages];
  for (const a of all) {
    for (const b of all) {
      const causal = [...a.history].every((x) => b.history.has(x));
      if (itc.leq(a.stamp, b.stamp) !== causal) {
        throw new Error(
          `leq(${itc.toString(a.stamp)}, ${itc.toString(b.stamp)}) = ${!causal} but histories ` +
            `[${[...a.history].join(",")}] ⊆ [${[...b.history].join(",")}] is ${causal}`,
        );
      }
    }
  }
}

const pool = (run: ItcRun<Stamp>): Stamp[] => [...run.processes, ...run.messages];
/** A run and three positions in its pool of live stamps and messages. */
const arbTriple = arbStampRun({ maxLength: 50 }).chain((run) => {
  const p = pool(run);
  return fc
    .tuple(fc.nat(p.length - 1), fc.nat(p.length - 1), fc.nat(p.length - 1))
    .map(([i, j, k]) => ({ p, i, j, k }));
});

const disjointIds = (a: Stamp, b: Stamp): boolean => {
  try {
    itc.join({ id: a.id, event: 0 } as Stamp, { id: b.id, event: 0 } as Stamp);
    return true;
  } catch (e) {
    if (e instanceof CoreError && e.code === "ITC_OVERLAPPING_IDS") return false;
    throw e;
  }
};

export function itcProperties(): InvariantProperty[] {
  return [
    {
      id: "ITC-1",
      suite: "itc",
      title: "normal forms are unique and normalisation is idempotent",
      numRuns: 300,
      build: () =>
        fc.property(arbStamp(), (s) => {
          const j = JSON.parse(JSON.stringify(s)) as unknown;
          holds(itc.isNormal(j), "a stamp built by the operations is not normal");
          const n = itc.normalize(j);
          holds(
            itc.equals(n, s) && itc.equals(itc.normalize(n), n),
            "normalize is not idempotent on a normal form",
          );
          holds(JSON.stringify(n) === JSON.stringify(s), "two normal forms of one stamp differ");
        }),
    },
    {
      id: "ITC-2",
      suite: "itc",
      title: "join is commutative, associative, idempotent and an upper bound",
      numRuns: 200,
      build: () =>
        fc.property(arbTriple, ({ p, i, j, k }) => {
          if (i === j || j === k || i === k) return;
          const [a, b, c] = [p[i], p[j], p[k]] as [Stamp, Stamp, Stamp];
          const ab = itc.join(a, b);
          holds(itc.equals(ab, itc.join(b, a)), "join is not commutative");
          holds(
            itc.equals(itc.join(ab, c), itc.join(a, itc.join(b, c))),
            "join is not associative",
          );
          holds(itc.equals(itc.join(a, itc.peek(a)), a), "join is not idempotent");
          holds(itc.leq(a, ab) && itc.leq(b, ab), "join is not an upper bound");
          if (itc.leq(a, c) && itc.leq(b, c))
            holds(itc.leq(ab, c), "join is not the least upper bound");
        }),
    },
    {
      id: "ITC-3",
      suite: "itc",
      title: "leq is a partial order",
      numRuns: 200,
      build: () =>
        fc.property(arbTriple, ({ p, i, j, k }) => {
          const [a, b, c] = [p[i], p[j], p[k]] as [Stamp, Stamp, Stamp];
          holds(itc.leq(a, a), "leq is not reflexive");
          if (itc.leq(a, b) && itc.leq(b, a))
            holds(itc.equals(itc.peek(a), itc.peek(b)), "leq is not antisymmetric");
          if (itc.leq(a, b) && itc.leq(b, c)) holds(itc.leq(a, c), "leq is not transitive");
          holds(
            itc.concurrent(a, b) === (!itc.leq(a, b) && !itc.leq(b, a)),
            "concurrent disagrees with leq",
          );
        }),
    },
    {
      id: "ITC-4",
      suite: "itc",
      title: "event strictly increases the stamp and keeps the id",
      numRuns: 300,
      build: () =>
        fc.property(arbStamp(), (a) => {
          if (a.id === 0) return;
          const b = itc.event(a);
          holds(itc.leq(a, b) && !itc.leq(b, a), "event does not strictly increase");
          holds(JSON.stringify(b.id) === JSON.stringify(a.id), "event changed the id");
        }),
    },
    {
      id: "ITC-5",
      suite: "itc",
      title: "fork halves are disjoint and sum to the original id; both keep the event",
      numRuns: 300,
      build: () =>
        fc.property(arbStamp(), (a) => {
          const [x, y] = itc.fork(a);
          holds(disjointIds(x, y), "fork halves overlap");
          holds(itc.equals(itc.join(x, y), a), "fork halves do not join back to the original");
          holds(x.event === a.event && y.event === a.event, "fork changed the event");
        }),
    },
    {
      id: "ITC-6",
      suite: "itc",
      title: "live ids never overlap in any run",
      numRuns: 60,
      build: () =>
        fc.property(arbItcOps({ maxLength: 80 }), (ops) => {
          runItcOps(ops, itcImpl, {
            onStep: (run) => {
              for (let x = 0; x < run.processes.length; x++)
                for (let y = x + 1; y < run.processes.length; y++)
                  holds(
                    disjointIds(run.processes[x] as Stamp, run.processes[y] as Stamp),
                    `live ids ${x} and ${y} overlap`,
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
          checkCausality(runItcOps(ops, trackedItc(), { maxProcesses: 16 }));
        }),
    },
    {
      id: "ITC-8",
      suite: "itc",
      title: "decode(encode(s)) = s, canonically, and the text form round-trips",
      numRuns: 300,
      build: () =>
        fc.property(arbStamp(), (s) => {
          const bytes = itc.encode(s);
          const back = itc.decode(bytes);
          holds(itc.equals(back, s), "decode(encode(s)) ≠ s");
          holds(
            Buffer.from(itc.encode(back)).equals(Buffer.from(bytes)),
            "encoding is not canonical",
          );
          holds(
            bytes.length === Math.ceil(itc.bitLength(s) / 8),
            "bitLength disagrees with the bytes",
          );
          holds(itc.equals(itc.parse(itc.toString(s)), s), "parse(toString(s)) ≠ s");
        }),
    },
    {
      id: "ITC-9",
      suite: "itc",
      title: "decode rejects every byte string that is not a canonical encoding",
      numRuns: 1000,
      build: () =>
        fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
          let s: Stamp;
          try {
            s = itc.decode(bytes);
          } catch (e) {
            if (e instanceof CoreError && e.code === "ITC_DECODE") return;
            throw e;
          }
          holds(
            Buffer.from(itc.encode(s)).equals(Buffer.from(bytes)),
            "decode accepted a non-canonical encoding",
          );
        }),
    },
  ];
}
