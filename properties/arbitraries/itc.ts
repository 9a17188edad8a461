/**
 * fast-check arbitraries for Interval Tree Clocks.
 *
 * - {@link arbItcOps}: random operation sequences (fork / event / join / send / receive / sync)
 *   over a dynamic set of processes, interpreted by {@link runItcOps} from the seed stamp.
 * - {@link arbStamp} / {@link arbStampRun}: realistic normal-form stamps, obtained by running such
 *   sequences (so they are valid by construction and shaped like real executions).
 * - {@link arbRawStamp}: well-formed stamps that are usually NOT in normal form (random trees).
 * - {@link arbRawJson}: arbitrary, possibly invalid JSON-ish values for rejection tests.
 */
import fc from "fast-check";
import * as itc from "../../src/core/itc/index.js";
import type { Stamp } from "../../src/core/itc/index.js";

/** One step of a run. Indices are taken modulo the current number of processes / messages. */
export type ItcOp =
  | { readonly kind: "fork"; readonly p: number }
  | { readonly kind: "event"; readonly p: number }
  | { readonly kind: "join"; readonly p: number; readonly q: number }
  | { readonly kind: "send"; readonly p: number }
  | { readonly kind: "receive"; readonly p: number; readonly m: number }
  | { readonly kind: "sync"; readonly p: number; readonly q: number };

const idx = fc.nat({ max: 1 << 16 });

/** A single operation, weighted towards events and message passing. */
export const arbItcOp: fc.Arbitrary<ItcOp> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("fork" as const), p: idx }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("event" as const), p: idx }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("join" as const), p: idx, q: idx }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("send" as const), p: idx }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("receive" as const), p: idx, m: idx }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("sync" as const), p: idx, q: idx }), weight: 1 },
);

/** A sequence of operations (default 0–60 steps, lengths spread over the whole range). */
export function arbItcOps(
  constraints: { minLength?: number; maxLength?: number; size?: fc.SizeForArbitrary } = {},
): fc.Arbitrary<ItcOp[]> {
  return fc.array(arbItcOp, {
    minLength: constraints.minLength ?? 0,
    maxLength: constraints.maxLength ?? 60,
    size: constraints.size ?? "max",
  });
}

/**
 * The operations a run needs, over any state type `S` (a stamp, or a stamp paired with a model
 * such as its causal history). {@link itcImpl} is the plain ITC instance.
 */
export interface ItcImpl<S> {
  seed(): S;
  fork(s: S): [S, S];
  event(s: S): S;
  join(a: S, b: S): S;
  send(s: S): [S, S];
  receive(s: S, msg: S): S;
  sync(a: S, b: S): [S, S];
}

export const itcImpl: ItcImpl<Stamp> = {
  seed: itc.seed,
  fork: itc.fork,
  event: itc.event,
  join: itc.join,
  send: itc.send,
  receive: itc.receive,
  sync: itc.sync,
};

export interface ItcRun<S> {
  /** Live processes (their ids are pairwise disjoint and sum to 1). */
  readonly processes: S[];
  /** Messages sent so far (anonymous stamps). */
  readonly messages: S[];
}

export interface RunOptions<S> {
  /** Forks are skipped once this many processes are live (default 24). */
  readonly maxProcesses?: number;
  /** Called after every step with the current state. */
  readonly onStep?: (run: ItcRun<S>, op: ItcOp) => void;
}

/** Runs `ops` from the seed: fork adds a process, join retires one, messages accumulate. */
export function runItcOps<S>(
  ops: readonly ItcOp[],
  impl: ItcImpl<S>,
  options: RunOptions<S> = {},
): ItcRun<S> {
  const maxProcesses = options.maxProcesses ?? 24;
  const processes: S[] = [impl.seed()];
  const messages: S[] = [];
  const run = { processes, messages };
  for (const op of ops) {
    const n = processes.length;
    const p = op.p % n;
    const sp = processes[p] as S;
    switch (op.kind) {
      case "fork": {
        if (n >= maxProcesses) break;
        const [a, b] = impl.fork(sp);
        processes[p] = a;
        processes.push(b);
        break;
      }
      case "event":
        processes[p] = impl.event(sp);
        break;
      case "join": {
        const q = op.q % n;
        if (q === p) break;
        processes[p] = impl.join(sp, processes[q] as S);
        processes.splice(q, 1);
        break;
      }
      case "send": {
        const [s, msg] = impl.send(sp);
        processes[p] = s;
        messages.push(msg);
        break;
      }
      case "receive": {
        if (messages.length === 0) break;
        processes[p] = impl.receive(sp, messages[op.m % messages.length] as S);
        break;
      }
      case "sync": {
        const q = op.q % n;
        if (q === p) break;
        const [a, b] = impl.sync(sp, processes[q] as S);
        processes[p] = a;
        processes[q] = b;
        break;
      }
    }
    options.onStep?.(run, op);
  }
  return run;
}

/**
 * A run shaped to reach the edges SPEC.md §8 allows: it starts from `(1, base)` instead of the
 * seed (base up to 2^53 − 1 − the run's length, so counters reach the largest safe integer
 * without overflowing), and its operations are `mixed`, `deep` (forks of one process again and
 * again: ids split 20–60 times) or `wide` (up to 48 live processes).
 */
export interface ItcScenario {
  readonly base: number;
  readonly shape: "mixed" | "deep" | "wide";
  readonly ops: readonly ItcOp[];
}

/** Live processes allowed in a scenario of this shape. */
export function scenarioMaxProcesses(shape: ItcScenario["shape"]): number {
  return shape === "mixed" ? 24 : 64;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Counter offsets: none, small, around 2^31, 2^32 and right below 2^53 − 1. */
const arbBase: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 1000 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40),
    weight: 2,
  },
  { arbitrary: fc.constant(MAX_SAFE), weight: 3 },
);

const deepOps: fc.Arbitrary<ItcOp[]> = fc
  .tuple(
    fc.integer({ min: 20, max: 60 }),
    fc.array(arbItcOp, { maxLength: 40 }),
    fc.array(fc.constantFrom("event" as const, "send" as const), { maxLength: 20 }),
  )
  .map(([forks, tail, evs]) => {
    const ops: ItcOp[] = [];
    for (let k = 0; k < forks; k++) {
      ops.push({ kind: "fork", p: 0 });
      const e = evs[k % Math.max(1, evs.length)];
      if (e !== undefined && k % 3 === 0) ops.push({ kind: e, p: k % 2 === 0 ? 0 : k });
    }
    return [...ops, ...tail];
  });

const wideOps: fc.Arbitrary<ItcOp[]> = fc
  .tuple(fc.integer({ min: 32, max: 47 }), fc.array(arbItcOp, { maxLength: 60 }))
  .map(([forks, tail]) => {
    const ops: ItcOp[] = [];
    // Balanced-ish forks: fork process k mod (processes so far).
    for (let k = 0; k < forks; k++) ops.push({ kind: "fork", p: k * 7 });
    return [...ops, ...tail];
  });

/** Scenarios: mostly mixed runs, one in five deep, one in ten wide; offsets biased to the edges. */
export function arbItcScenario(
  constraints: { maxLength?: number } = {},
): fc.Arbitrary<ItcScenario> {
  const maxLength = constraints.maxLength ?? 60;
  return fc
    .tuple(
      arbBase,
      fc.oneof(
        {
          arbitrary: arbItcOps({ maxLength }).map((ops) => ({ shape: "mixed" as const, ops })),
          weight: 7,
        },
        { arbitrary: deepOps.map((ops) => ({ shape: "deep" as const, ops })), weight: 2 },
        { arbitrary: wideOps.map((ops) => ({ shape: "wide" as const, ops })), weight: 1 },
      ),
    )
    .map(([base, { shape, ops }]) => ({
      // Every event raises the largest counter by at most one: stay within the safe range.
      base: Math.max(0, Math.min(base, MAX_SAFE - ops.length - 1)),
      shape,
      ops,
    }));
}

/** The final state of a random run: live processes and messages. */
export function arbStampRun(
  constraints: { maxLength?: number; maxProcesses?: number } = {},
): fc.Arbitrary<ItcRun<Stamp>> {
  const opts =
    constraints.maxProcesses === undefined ? {} : { maxProcesses: constraints.maxProcesses };
  return arbItcOps({ maxLength: constraints.maxLength ?? 60 }).map((ops) =>
    runItcOps(ops, itcImpl, opts),
  );
}

/** One normal-form stamp taken from a random run (a live process, or a message). */
export function arbStamp(constraints: { maxLength?: number } = {}): fc.Arbitrary<Stamp> {
  return fc
    .tuple(arbStampRun(constraints), fc.nat(), fc.boolean())
    .map(([run, k, msg]) =>
      msg && run.messages.length > 0
        ? (run.messages[k % run.messages.length] as Stamp)
        : (run.processes[k % run.processes.length] as Stamp),
    );
}

/** Raw id trees: 0 | 1 | {l, r}, not necessarily normal. */
export const arbRawId: fc.Arbitrary<unknown> = fc.letrec<{ id: unknown }>((tie) => ({
  id: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(0, 1),
    fc.record({ l: tie("id"), r: tie("id") }),
  ),
})).id;

/** Raw event trees: n | {n, l, r}, small counters, not necessarily normal. */
export const arbRawEv: fc.Arbitrary<unknown> = fc.letrec<{ ev: unknown }>((tie) => ({
  ev: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.nat({ max: 4 }),
    fc.record({ n: fc.nat({ max: 3 }), l: tie("ev"), r: tie("ev") }),
  ),
})).ev;

/** Well-formed stamps `{id, event}` that are usually not in normal form. */
export const arbRawStamp: fc.Arbitrary<{ id: unknown; event: unknown }> = fc.record({
  id: arbRawId,
  event: arbRawEv,
});

const badLeaf = fc.oneof(
  fc.constantFrom(NaN, -1, 1.5, Infinity, -Infinity, 2 ** 53, -0.5, "1", null, true, [], {}),
  fc.anything(),
);

/**
 * Arbitrary, possibly invalid values: valid stamps' JSON, raw trees with bad leaves or extra
 * keys, and arbitrary JSON values. Rejection tests expect `validate` to either accept a value
 * (and then it is a normal stamp) or report an error with a code and a path.
 */
export const arbRawJson: fc.Arbitrary<unknown> = fc.oneof(
  arbStamp({ maxLength: 20 }).map((s) => JSON.parse(JSON.stringify(s)) as unknown),
  arbRawStamp,
  fc.record({ id: fc.oneof(arbRawId, badLeaf), event: fc.oneof(arbRawEv, badLeaf) }),
  fc.record({ id: arbRawId, event: arbRawEv, extra: fc.anything() }),
  fc
    .letrec<{ t: unknown }>((tie) => ({
      t: fc.oneof(
        { depthSize: "small" },
        badLeaf,
        fc.nat({ max: 3 }),
        fc.record({ n: fc.oneof(fc.nat(3), badLeaf), l: tie("t"), r: tie("t") }),
        fc.record({ l: tie("t"), r: tie("t") }),
      ),
    }))
    .t.map((t) => ({ id: 1, event: t })),
  fc.jsonValue(),
  fc.anything(),
);
