/**
 * The ITC invariants (SPEC.md §8) as properties of any implementation (`ItcUnderTest`), the
 * reference core by default.
 *
 * Runs are generated as operation sequences (`arbItcScenario`: from the seed or from a stamp
 * whose counter is near 2^31, 2^32 or 2^53 − 1; mixed, deep — ids split 20–60 times — or wide —
 * up to 48 live processes) and executed by the implementation under test; send, receive and sync
 * are derived from its primitives exactly as the spec defines them (send = event then peek,
 * receive = join then event, sync = join then fork). Stamps are read through `toStamp` in the
 * exported JSON shape.
 *
 * The oracle is `properties/itc-oracle.ts`, the paper's equations transcribed independently of
 * `src/core/itc`: normal forms are unique, so the result of every operation on a generated stamp
 * is fixed, and each property compares the implementation's results with it (besides the
 * algebraic laws). Failures are `Violation`s with a stable class (`join-differs-from-paper`,
 * `misuse-accepted:leq:non-normal`, …); stamps are printed in the paper's notation and as JSON.
 */
import fc from "fast-check";
import * as itc from "../src/core/itc/index.js";
import type { Stamp } from "../src/core/itc/index.js";
import {
  arbItcScenario,
  runItcOps,
  scenarioMaxProcesses,
  type ItcImpl,
  type ItcRun,
  type ItcScenario,
} from "./arbitraries/itc.js";
import * as O from "./itc-oracle.js";
import type { OEv, OId, OStamp } from "./itc-oracle.js";
import { reduceItcArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { ItcUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

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

/**
 * The operations of a run, derived from the primitives as SPEC.md §8 defines them. `start` is
 * the first stamp (the seed by default).
 */
export function runnable<S>(impl: ItcUnderTest<S>, start?: () => S): ItcImpl<S> {
  return {
    seed: start ?? (() => impl.seed()),
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

// ---------------------------------------------------------------------------------------------
// Reading and printing stamps

/**
 * A plain copy of what `toStamp` returns, made of the stamp's own keys only (the oracle never
 * sees the implementation's objects); anything that is not a tree of numbers and {l, r} /
 * {n, l, r} objects is kept as it is, for the oracle to reject.
 */
function plain(j: unknown): unknown {
  const copy = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = copy(o[k]);
    return out;
  };
  return copy(j);
}

/** Paper notation and JSON of a stamp in the exported shape (or what it is instead). */
export function describeStamp(j: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(j);
  } catch {
    json = String(j);
  }
  return O.wellFormed(j) ? `${O.show(j)} ${json}` : `${json} (not a stamp)`;
}

/** The text of an implementation's stamp, or why it has none. */
function show<S>(impl: ItcUnderTest<S>, s: S): string {
  try {
    return describeStamp(plain(impl.toStamp(s)));
  } catch (e) {
    return `<toStamp failed: ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/** The stamp in the exported shape, normalised (normality itself is ITC-1's business). */
function read<S>(impl: ItcUnderTest<S>, s: S, what: string): OStamp {
  const j = plain(impl.toStamp(s));
  if (!O.wellFormed(j))
    violation(
      "malformed-output",
      `${what}: toStamp gave ${describeStamp(j)}, not a stamp {id, event}`,
    );
  return O.normalize(j);
}

const text = (s: OStamp): string => describeStamp(s);
const same = (a: OStamp, b: OStamp): boolean => O.show(a) === O.show(b);

/** Whether two ids are disjoint (their sum exists). */
const disjoint = (a: OId, b: OId): boolean => O.sum(a, b) !== undefined;

/** Raises every counter so that the largest is exactly 2^53 − 1 (ids and order unchanged). */
export function topped(s: OStamp): OStamp {
  const m = O.ORACLE_MAX_COUNTER - O.maxCounter(s);
  const e = s.event;
  return { id: s.id, event: typeof e === "number" ? e + m : { ...e, n: e.n + m } };
}

// ---------------------------------------------------------------------------------------------
// The causal-history oracle (ITC-7)

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
  start?: () => S,
): ItcImpl<TrackedStamp<S>> {
  const ops = runnable(impl, start);
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
        violation(
          causal ? "leq-false-on-causal-past" : "leq-true-on-concurrent-or-later",
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

// ---------------------------------------------------------------------------------------------
// Generated cases: a scenario and a few stamps of its run

/** Three picks into the run's pool of stamps; `top` raises a pick's counters to 2^53 − 1. */
export interface ItcCase {
  readonly scenario: ItcScenario;
  readonly picks: readonly [number, number, number];
  readonly top: readonly [boolean, boolean, boolean];
}

const arbTop = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true));

export const arbItcCase = (maxLength = 60): fc.Arbitrary<ItcCase> =>
  fc.record({
    scenario: arbItcScenario({ maxLength }),
    picks: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
    top: fc.tuple(arbTop, arbTop, arbTop),
  });

/** The stamp a scenario starts from, made by the implementation. */
function starter<S>(impl: ItcUnderTest<S>, sc: ItcScenario): () => S {
  return sc.base === 0 ? () => impl.seed() : () => impl.fromStamp({ id: 1, event: sc.base });
}

interface Pooled<S> {
  readonly s: S;
  /** The stamp read back through `toStamp` (read when first used). */
  readonly o: OStamp;
  /** A live process (its id is its own); else a message (id 0). */
  readonly live: boolean;
}

function pooled<S>(impl: ItcUnderTest<S>, s: S, live: boolean): Pooled<S> {
  let o: OStamp | undefined;
  return {
    s,
    live,
    get o() {
      return (o ??= read(impl, s, live ? "a run's stamp" : "a run's message"));
    },
  };
}

/** Runs the scenario on the implementation; the live processes and messages. */
function poolOf<S>(impl: ItcUnderTest<S>, sc: ItcScenario): Pooled<S>[] {
  const run = runItcOps(sc.ops, runnable(impl, starter(impl, sc)), {
    maxProcesses: scenarioMaxProcesses(sc.shape),
  });
  return [
    ...run.processes.map((s) => pooled(impl, s, true)),
    ...run.messages.map((s) => pooled(impl, s, false)),
  ];
}

/** The picks of a case: distinct live processes first when `live`, topped where asked. */
function picked<S>(
  impl: ItcUnderTest<S>,
  pool: readonly Pooled<S>[],
  c: ItcCase,
  k: 0 | 1 | 2,
): Pooled<S> {
  const p = pool[c.picks[k] % pool.length] as Pooled<S>;
  if (!c.top[k]) return p;
  const o = topped(p.o);
  return { s: impl.fromStamp(o as Stamp), o, live: p.live };
}

const lives = <S>(pool: readonly Pooled<S>[]) => pool.filter((p) => p.live);

/** ITC-4 also checks the event of this many live processes, and of this many flattened. */
export const ITC4_LIVE = 16;
export const ITC4_FLAT = 8;

// ---------------------------------------------------------------------------------------------
// Misuse (ITC-10): non-normal variants of a stamp

/** A non-normal but well-formed variant of a stamp: one node denormalised. */
export function denormalised(s: OStamp, where: "id" | "event"): OStamp {
  if (where === "id") {
    const wrap = (i: OId): OId => {
      if (i === 0) return { l: 0, r: 0 };
      if (i === 1) return { l: 1, r: 1 };
      return i.l === 0 ? { l: 0, r: wrap(i.r) } : { l: wrap(i.l), r: i.r };
    };
    return { id: wrap(s.id), event: s.event };
  }
  const e: OEv = s.event;
  // (n, l, r) → (n − 1, l + 1, r + 1) when n > 0; a leaf n → (n, 0, 0).
  const ev: OEv =
    typeof e === "number"
      ? { n: e, l: 0, r: 0 }
      : e.n > 0
        ? {
            n: e.n - 1,
            l: typeof e.l === "number" ? e.l + 1 : { ...e.l, n: e.l.n + 1 },
            r: typeof e.r === "number" ? e.r + 1 : { ...e.r, n: e.r.n + 1 },
          }
        : { n: 0, l: 0, r: 0 };
  return { id: s.id, event: ev };
}

/** Calls `f`; true when it threw (the misuse was reported). */
function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// ITC-9: byte strings near the canonical encodings

/** Non-canonical spellings of a stamp: one node written in a longer form Appendix A does not use. */
function alternativeBits(s: OStamp, nth: number): string | undefined {
  let k = 0;
  let done = false;
  const take = () => !done && k++ === nth && (done = true);
  const encn = (n: number) => "1" + O.encn(n, 2);
  const id = (i: OId): string => {
    if (typeof i === "number") return O.encId(i);
    if (i.l === 0 && take()) return "11" + "000" + id(i.r);
    if (i.r === 0 && take()) return "11" + id(i.l) + "000";
    if (i.l === 0) return "01" + id(i.r);
    if (i.r === 0) return "10" + id(i.l);
    return "11" + id(i.l) + id(i.r);
  };
  const ev = (e: OEv): string => {
    if (typeof e === "number") return O.encEv(e);
    const { n, l, r } = e;
    if (take()) return "0111" + encn(n) + ev(l) + ev(r); // the full form, whatever n, l, r
    if (n === 0) {
      if (l === 0) return "000" + ev(r);
      if (r === 0) return "001" + ev(l);
      return "010" + ev(l) + ev(r);
    }
    if (l === 0) return "01100" + encn(n) + ev(r);
    if (r === 0) return "01101" + encn(n) + ev(l);
    return "0111" + encn(n) + ev(l) + ev(r);
  };
  const bits = id(s.id) + ev(s.event);
  return done ? bits : undefined;
}

/** How a byte string is derived from a stamp's canonical encoding. */
export type Corruption =
  | { readonly kind: "none" }
  | { readonly kind: "flip"; readonly bit: number }
  | { readonly kind: "truncate"; readonly bytes: number }
  | { readonly kind: "append"; readonly byte: number }
  | { readonly kind: "padding" }
  | { readonly kind: "alternative"; readonly nth: number }
  | { readonly kind: "non-normal"; readonly where: "id" | "event" }
  | { readonly kind: "huge-counter"; readonly over: number }
  | { readonly kind: "random"; readonly bytes: Uint8Array };

export const arbCorruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("flip" as const), bit: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), bytes: fc.nat() }),
  fc.record({ kind: fc.constant("append" as const), byte: fc.constantFrom(0, 1, 0x80, 0xff) }),
  fc.constant({ kind: "padding" as const }),
  fc.record({ kind: fc.constant("alternative" as const), nth: fc.nat({ max: 12 }) }),
  fc.record({
    kind: fc.constant("non-normal" as const),
    where: fc.constantFrom("id" as const, "event" as const),
  }),
  fc.record({ kind: fc.constant("huge-counter" as const), over: fc.nat({ max: 3 }) }),
  fc.record({ kind: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 24 }) }),
);

/** The bytes a corruption makes of a stamp. */
export function corrupt(s: OStamp, c: Corruption): Uint8Array {
  const bits = O.encodeBits(s);
  switch (c.kind) {
    case "none":
      return O.bitsToBytes(bits);
    case "flip": {
      const b = O.bytesToBits(O.bitsToBytes(bits));
      const k = c.bit % b.length;
      return O.bitsToBytes(b.slice(0, k) + (b[k] === "1" ? "0" : "1") + b.slice(k + 1));
    }
    case "truncate": {
      const bytes = O.bitsToBytes(bits);
      return bytes.slice(0, c.bytes % bytes.length);
    }
    case "append":
      return new Uint8Array([...O.bitsToBytes(bits), c.byte]);
    case "padding":
      // A 1 in the padding (or a whole byte of it when the bits fill the last byte).
      return O.bitsToBytes(bits.length % 8 === 0 ? bits + "00000001" : bits + "1");
    case "alternative":
      return O.bitsToBytes(alternativeBits(s, c.nth) ?? bits + "1");
    case "non-normal":
      return O.bitsToBytes(O.encodeBits(denormalised(s, c.where)));
    case "huge-counter":
      return O.bitsToBytes(O.encId(s.id) + "1" + O.encn(O.ORACLE_MAX_COUNTER + 1 + c.over, 2));
    case "random":
      return c.bytes;
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex") || "(empty)";

// ---------------------------------------------------------------------------------------------
// The properties

/** Every ITC invariant as a property of `impl` (the reference core by default). */
export function itcProperties<S>(
  impl: ItcUnderTest<S> = referenceItc as unknown as ItcUnderTest<S>,
  name = "implementation",
): InvariantProperty[] {
  // Deep trees (ITC-11) are compared with the reference's iterative normalise and encode: the
  // oracle and JSON.stringify recurse on depth.
  const deepKey = (s: S): string =>
    Buffer.from(itc.encode(itc.normalize(impl.toStamp(s)))).toString("base64");
  const eq = (a: S, b: S) => deepKey(a) === deepKey(b);
  const r = (s: S, what: string) => read(impl, s, what);
  const sh = (s: S) => show(impl, s);

  /** Checks an operation's output is in normal form (ITC-1). */
  const normalOut = (op: string, out: S, args: string): void => {
    const j = plain(impl.toStamp(out));
    if (!O.isNormal(j))
      violation(
        `not-normal:${op}`,
        `${name}: ${op}(${args}) = ${describeStamp(j)}, which is not in normal form`,
      );
  };

  const out: InvariantProperty[] = [
    {
      id: "ITC-1",
      suite: "itc",
      title: "every operation returns the unique normal form; toStamp/fromStamp round-trip",
      numRuns: 200,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcCase(), (c) => {
          const run = runItcOps(c.scenario.ops, runnable(impl, starter(impl, c.scenario)), {
            maxProcesses: scenarioMaxProcesses(c.scenario.shape),
          });
          const all = [...run.processes, ...run.messages];
          for (const s of all) {
            const j = plain(impl.toStamp(s));
            if (!O.isNormal(j))
              violation(
                "not-normal:run",
                `${name} produced ${describeStamp(j)} in a run, which is not in normal form`,
              );
            if (!same(r(impl.fromStamp(j as Stamp), "fromStamp"), O.normalize(j)))
              violation("round-trip", `fromStamp(toStamp(s)) ≠ s for ${sh(s)}`);
          }
          const pool = all.map((s) => pooled(impl, s, true));
          const a = picked(impl, pool, c, 0);
          normalOut("peek", impl.peek(a.s), text(a.o));
          if (a.o.id !== 0) {
            const [x, y] = impl.fork(a.s);
            normalOut("fork", x, text(a.o));
            normalOut("fork", y, text(a.o));
            if (typeof O.event(a.o) === "object") normalOut("event", impl.event(a.s), text(a.o));
          }
          const ps = run.processes;
          if (ps.length >= 2) {
            const i = c.picks[1] % ps.length;
            const k = (i + 1 + (c.picks[2] % (ps.length - 1))) % ps.length;
            const [x, y] = [ps[i] as S, ps[k] as S];
            normalOut("join", impl.join(x, y), `${sh(x)}, ${sh(y)}`);
          }
          if (run.messages.length > 0 && ps.length > 0) {
            const m = run.messages[c.picks[2] % run.messages.length] as S;
            const p = ps[c.picks[0] % ps.length] as S;
            normalOut("join", impl.join(p, m), `${sh(p)}, ${sh(m)}`);
          }
        }),
    },
    {
      id: "ITC-2",
      suite: "itc",
      title:
        "join is the paper's (ids summed, events the pointwise maximum): commutative, associative, idempotent, least upper bound",
      numRuns: 200,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcCase(), (c) => {
          const pool = poolOf(impl, c.scenario);
          const a = picked(impl, pool, c, 0);
          const b = picked(impl, pool, c, 1);
          const cc = picked(impl, pool, c, 2);
          // Two stamps whose ids are disjoint (the same process twice is ITC-10's business).
          const pairs: [Pooled<S>, Pooled<S>][] = [];
          if (disjoint(a.o.id, b.o.id)) pairs.push([a, b]);
          if (disjoint(a.o.id, cc.o.id)) pairs.push([a, cc]);
          const ls = lives(pool);
          if (ls.length >= 2) pairs.push([ls[0] as Pooled<S>, ls[ls.length - 1] as Pooled<S>]);
          for (const [x, y] of pairs) {
            const got = r(impl.join(x.s, y.s), "join");
            const want = O.join(x.o, y.o) as OStamp;
            if (!same(got, want))
              violation(
                "join-differs-from-paper",
                `${name}: join(${text(x.o)}, ${text(y.o)}) = ${text(got)}, the paper gives ${text(want)}`,
              );
            if (!same(r(impl.join(y.s, x.s), "join"), got))
              violation(
                "join-not-commutative",
                `join(${text(x.o)}, ${text(y.o)}) ≠ join(${text(y.o)}, ${text(x.o)})`,
              );
            const xy = impl.join(x.s, y.s);
            if (!impl.leq(x.s, xy) || !impl.leq(y.s, xy))
              violation(
                "join-not-upper-bound",
                `join(${text(x.o)}, ${text(y.o)}) = ${text(got)} is not ≥ both`,
              );
          }
          if (a.o.id !== 0 || b.o.id !== 0) {
            const x = a.o.id !== 0 ? a : b;
            if (!same(r(impl.join(x.s, impl.peek(x.s)), "join"), x.o))
              violation("join-peek-not-identity", `join(a, peek(a)) ≠ a for ${text(x.o)}`);
          }
          if (disjoint(a.o.id, b.o.id) && disjoint(b.o.id, cc.o.id) && disjoint(a.o.id, cc.o.id)) {
            const l = r(impl.join(impl.join(a.s, b.s), cc.s), "join");
            const rr = r(impl.join(a.s, impl.join(b.s, cc.s)), "join");
            if (!same(l, rr))
              violation(
                "join-not-associative",
                `join(join(a, b), c) = ${text(l)} but join(a, join(b, c)) = ${text(rr)} for a = ${text(a.o)}, b = ${text(b.o)}, c = ${text(cc.o)}`,
              );
          }
        }),
    },
    {
      id: "ITC-3",
      suite: "itc",
      title:
        "leq is the paper's (both directions, on comparable and concurrent pairs); a partial order",
      numRuns: 200,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcCase(), (c) => {
          const pool = poolOf(impl, c.scenario);
          const xs = [0, 1, 2].map((k) => picked(impl, pool, c, k as 0 | 1 | 2));
          // Also a pick against every stamp of the run: comparable pairs are common there.
          const a = xs[0] as Pooled<S>;
          const pairs: [Pooled<S>, Pooled<S>][] = [];
          for (const x of xs) for (const y of xs) pairs.push([x, y]);
          for (const y of pool.slice(0, 24)) pairs.push([a, y], [y, a]);
          for (const [x, y] of pairs) {
            const got = impl.leq(x.s, y.s);
            const want = O.leq(x.o, y.o);
            if (got !== want)
              violation(
                want ? "leq-false-where-paper-true" : "leq-true-where-paper-false",
                `${name}: leq(${text(x.o)}, ${text(y.o)}) = ${got}, the paper gives ${want}`,
              );
          }
          const [p, q, w] = xs as [Pooled<S>, Pooled<S>, Pooled<S>];
          if (!impl.leq(p.s, p.s))
            violation("leq-not-reflexive", `leq(a, a) is false for ${text(p.o)}`);
          if (
            impl.leq(p.s, q.s) &&
            impl.leq(q.s, p.s) &&
            O.show(O.peek(p.o)) !== O.show(O.peek(q.o))
          )
            violation(
              "leq-not-antisymmetric",
              `leq both ways between ${text(p.o)} and ${text(q.o)}, whose events differ`,
            );
          if (impl.leq(p.s, q.s) && impl.leq(q.s, w.s) && !impl.leq(p.s, w.s))
            violation(
              "leq-not-transitive",
              `${text(p.o)} ≤ ${text(q.o)} ≤ ${text(w.o)} but not ${text(p.o)} ≤ ${text(w.o)}`,
            );
        }),
    },
    {
      id: "ITC-4",
      suite: "itc",
      title:
        "event is the paper's (fill, else grow at least cost, right on ties): strictly greater, same id",
      numRuns: 300,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcCase(), (c) => {
          const pool = poolOf(impl, c.scenario);
          // The picks (topped ones included), every live process of the run, and each live id
          // with a flat event (its largest counter): grow then meets equal costs more often.
          const cand = [0, 1, 2].map((k) => picked(impl, pool, c, k as 0 | 1 | 2));
          const ls = lives(pool).slice(0, ITC4_LIVE);
          const flat = ls.slice(0, ITC4_FLAT).map((p): Pooled<S> => {
            const o: OStamp = { id: p.o.id, event: O.maxCounter(p.o) };
            return { s: impl.fromStamp(o as Stamp), o, live: true };
          });
          for (const a of [...cand, ...ls, ...flat]) {
            if (a.o.id === 0) continue;
            const want = O.event(a.o);
            if (typeof want !== "object") continue; // an overflow: ITC-10
            const b = impl.event(a.s);
            const got = r(b, "event");
            if (!same(got, want)) {
              const how = O.eventTrace(a.o);
              violation(
                `event-differs-from-paper:${how?.by === "fill" ? "fill" : how?.tie === true ? "grow-tie" : "grow"}`,
                `${name}: event(${text(a.o)}) = ${text(got)}, the paper gives ${text(want)} (by ${how?.by ?? "?"}${how?.tie === true ? ", with a tie between the sides: the right one" : ""})`,
              );
            }
            if (!(impl.leq(a.s, b) && !impl.leq(b, a.s)))
              violation(
                "event-not-increasing",
                `event(${text(a.o)}) = ${text(got)} does not strictly increase it`,
              );
            if (O.show({ id: got.id, event: 0 }) !== O.show({ id: a.o.id, event: 0 }))
              violation("event-changed-id", `event(${text(a.o)}) = ${text(got)} changed the id`);
          }
        }),
    },
    {
      id: "ITC-5",
      suite: "itc",
      title:
        "fork is the paper's split: halves disjoint, summing to the original id, both keeping the event",
      numRuns: 300,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcCase(), (c) => {
          const pool = poolOf(impl, c.scenario);
          const cand = [0, 1, 2].map((k) => picked(impl, pool, c, k as 0 | 1 | 2));
          for (const a of [...cand, ...lives(pool).slice(0, 8)]) {
            if (a.o.id === 0) continue;
            const [x, y] = impl.fork(a.s);
            const gx = r(x, "fork");
            const gy = r(y, "fork");
            const [wx, wy] = O.fork(a.o);
            if (!same(gx, wx) || !same(gy, wy))
              violation(
                "fork-differs-from-paper",
                `${name}: fork(${text(a.o)}) = ${text(gx)}, ${text(gy)}; the paper gives ${text(wx)}, ${text(wy)}`,
              );
            if (!disjoint(gx.id, gy.id))
              violation(
                "fork-halves-overlap",
                `fork(${text(a.o)}) gives overlapping halves ${text(gx)}, ${text(gy)}`,
              );
            else if (
              O.show({ id: O.sum(gx.id, gy.id) as OId, event: 0 }) !==
              O.show({ id: a.o.id, event: 0 })
            )
              violation(
                "fork-does-not-sum-back",
                `the halves ${text(gx)}, ${text(gy)} of ${text(a.o)} do not sum to its id`,
              );
            const e = O.show(O.peek(a.o));
            if (O.show(O.peek(gx)) !== e || O.show(O.peek(gy)) !== e)
              violation("fork-changed-event", `fork(${text(a.o)}) changed the event`);
          }
        }),
    },
    {
      id: "ITC-6",
      suite: "itc",
      title: "live ids never overlap in any run (deep and wide runs included)",
      numRuns: 60,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcScenario({ maxLength: 80 }), (sc) => {
          let ids: string[] = [];
          runItcOps(sc.ops, runnable(impl, starter(impl, sc)), {
            maxProcesses: scenarioMaxProcesses(sc.shape),
            onStep: (run, op) => {
              const now = run.processes.map((s) => r(s, "a run's stamp").id);
              const keys = now.map((i) => O.show({ id: i, event: 0 }));
              // Only the processes whose id changed in this step can have started to overlap.
              for (let x = 0; x < now.length; x++) {
                if (ids[x] === keys[x]) continue;
                for (let y = 0; y < now.length; y++)
                  if (y !== x && !disjoint(now[x] as OId, now[y] as OId))
                    violation(
                      "live-ids-overlap",
                      `after ${op.kind}, live stamps ${sh(run.processes[x] as S)} and ${sh(run.processes[y] as S)} overlap`,
                    );
              }
              ids = keys;
            },
          });
        }),
    },
    {
      id: "ITC-7",
      suite: "itc",
      title:
        "leq agrees with causal histories over random runs of fork/event/join/send/receive/sync; messages are peek = (0, e)",
      numRuns: 200,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(arbItcScenario({ maxLength: 120 }), (sc) => {
          const start = starter(impl, sc);
          const run = runItcOps(sc.ops, trackedItc(impl, start), { maxProcesses: 16 });
          for (const p of run.processes.slice(0, 6)) {
            const want = O.peek(r(p.stamp, "a run's stamp"));
            const got = r(impl.peek(p.stamp), "peek");
            if (!same(got, want))
              violation(
                "peek-differs-from-paper",
                `${name}: peek(${sh(p.stamp)}) = ${text(got)}, the paper gives ${text(want)}`,
              );
          }
          checkCausality(run, impl);
        }),
    },
    {
      id: "ITC-10",
      suite: "itc",
      title:
        "misuse is reported by every operation: non-normal input, overlapping ids, an event on id 0, a counter past 2^53 − 1",
      numRuns: 150,
      reduce: reduceItcArguments,
      build: () =>
        fc.property(
          arbItcCase(40),
          fc.constantFrom("id" as const, "event" as const),
          (c, where) => {
            const pool = poolOf(impl, c.scenario);
            const a = picked(impl, pool, c, 0);
            const b = picked(impl, pool, c, 1);
            // Non-normal input to every operation (fromStamp may reject it: that reports it too).
            const bad = denormalised(a.o, a.o.id === 0 && where === "id" ? "event" : where);
            const from = (): S => impl.fromStamp(bad as unknown as Stamp);
            const tried: [string, () => unknown][] = [
              ["fork", () => impl.fork(from())],
              ["peek", () => impl.peek(from())],
              ["leq", () => impl.leq(from(), b.s)],
              ["leq", () => impl.leq(b.s, from())],
              ["join", () => impl.join(from(), impl.peek(b.s))],
              ["join", () => impl.join(impl.peek(b.s), from())],
            ];
            if (bad.id !== 0) tried.push(["event", () => impl.event(from())]);
            const { encode } = impl;
            if (encode !== undefined) tried.push(["encode", () => encode(from())]);
            for (const [op, f] of tried)
              if (!throws(f))
                violation(
                  `misuse-accepted:${op}:non-normal`,
                  `${name}: ${op} accepted the non-normal stamp ${describeStamp(bad)} (normal form ${O.show(O.normalize(bad))})`,
                );
            // Overlapping ids: a live stamp with itself, with a half of itself, two overlapping halves.
            if (a.o.id !== 0) {
              const [h] = impl.fork(a.s);
              for (const [x, y] of [
                [a.s, a.s],
                [a.s, h],
                [h, a.s],
              ] as [S, S][])
                if (!throws(() => impl.join(x, y)))
                  violation(
                    "misuse-accepted:join:overlapping-ids",
                    `${name}: join(${sh(x)}, ${sh(y)}) was accepted, but the ids overlap`,
                  );
              // An event on an anonymous stamp.
              if (!throws(() => impl.event(impl.peek(a.s))))
                violation(
                  "misuse-accepted:event:anonymous",
                  `${name}: event(${show(impl, impl.peek(a.s))}) was accepted: an event on id 0`,
                );
              // A counter past 2^53 − 1.
              const t = topped(a.o);
              if (
                O.event(t) === "overflow" &&
                !throws(() => impl.event(impl.fromStamp(t as Stamp)))
              )
                violation(
                  "misuse-accepted:event:counter-overflow",
                  `${name}: event(${text(t)}) was accepted, but its result has a counter above 2^53 − 1`,
                );
            }
          },
        ),
    },
    {
      id: "ITC-11",
      suite: "itc",
      title:
        "trees 100 000 levels deep never crash any operation (fork, event, join, peek, leq, encode, decode)",
      numRuns: 1,
      build: () =>
        fc.property(fc.constant(100_000), (depth) => {
          const a = impl.fromStamp(deepStamp(depth));
          const [x, y] = impl.fork(a);
          const x1 = impl.event(x);
          if (!eq(impl.join(x1, impl.peek(x1)), x1))
            violation("deep:peek", "join(s, peek(s)) ≠ s on a deep stamp");
          if (!(impl.leq(a, x1) && !impl.leq(x1, a)))
            violation("deep:event", "event on a deep stamp does not increase it");
          if (!eq(impl.join(x1, y), impl.join(y, x1)))
            violation("deep:join", "join on deep stamps is not commutative");
          if (impl.encode !== undefined && impl.decode !== undefined) {
            if (!eq(impl.decode(impl.encode(x1)), x1))
              violation("deep:encode", "encode/decode on a deep stamp");
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
        title:
          "encode is Appendix A bit for bit (counters up to 2^53 − 1) and decode(encode(s)) = s",
        numRuns: 300,
        reduce: reduceItcArguments,
        build: () =>
          fc.property(arbItcCase(), (c) => {
            const pool = poolOf(impl, c.scenario);
            const cand = [0, 1, 2].map((k) => picked(impl, pool, c, k as 0 | 1 | 2));
            for (const a of [...cand, ...pool.slice(0, 8)]) {
              const bytes = encode(a.s);
              const want = O.encode(a.o);
              if (!Buffer.from(bytes).equals(Buffer.from(want)))
                violation(
                  "encode-differs-from-appendix-a",
                  `${name}: encode(${text(a.o)}) = ${hex(bytes)}, Appendix A gives ${hex(want)} (bits ${O.encodeBits(a.o)})`,
                );
              let back: OStamp;
              try {
                back = r(decode(want), "decode");
              } catch (e) {
                violation(
                  "decode-rejects-canonical",
                  `${name}: decode(${hex(want)}) threw (${e instanceof Error ? e.message : String(e)}), but it is the encoding of ${text(a.o)}`,
                );
              }
              if (!same(back, a.o))
                violation(
                  "decode-round-trip",
                  `${name}: decode(${hex(want)}) = ${text(back)}, not ${text(a.o)}`,
                );
            }
          }),
      },
      {
        id: "ITC-9",
        suite: "itc",
        title:
          "decode accepts exactly the canonical encodings of normal stamps (and decodes them right)",
        numRuns: 1000,
        reduce: reduceItcArguments,
        build: () =>
          fc.property(arbItcCase(30), arbCorruption, (c, how) => {
            const pool = poolOf(impl, c.scenario);
            const a = picked(impl, pool, c, 0);
            const bytes = corrupt(a.o, how);
            const want = O.decode(bytes);
            let got: S | undefined;
            let error: unknown;
            try {
              got = decode(bytes);
            } catch (e) {
              error = e;
            }
            if (want.ok && got === undefined)
              violation(
                "decode-rejects-canonical",
                `${name}: decode(${hex(bytes)}) threw (${error instanceof Error ? error.message : String(error)}), but it is the canonical encoding of ${text(want.stamp)}`,
              );
            if (!want.ok && got !== undefined)
              violation(
                `decode-accepted:${want.why}`,
                `${name}: decode(${hex(bytes)}) accepted ${show(impl, got)}, but the bytes are not a canonical encoding (${want.why}; made from ${text(a.o)} by ${JSON.stringify(how, (_, v: unknown) => (v instanceof Uint8Array ? hex(v) : v))})`,
              );
            if (want.ok && got !== undefined && !same(r(got, "decode"), want.stamp))
              violation(
                "decode-wrong-stamp",
                `${name}: decode(${hex(bytes)}) = ${show(impl, got)}, Appendix A gives ${text(want.stamp)}`,
              );
          }),
      },
    );
  }
  return out;
}
