/**
 * Node effects (SPEC.md §11, §13): V2-6 and V1-4 judge what a V2 or V1 node *publishes*, when,
 * and the allocation it computed, given the same inputs as the reference machine. The oracle is a
 * differential one: the reference node (src/core/protocols/v2-node.ts, v1-node.ts), whose
 * behaviour §13's Decisions fix, is driven in lockstep with the node under test — same
 * deliveries at the same virtual times, each node's own timers fired at their own due times —
 * and after every step the two lists of publications (sends and broadcasts) must agree: same
 * kinds at the same times, with equal contents (declarations and what they say was received,
 * grants, denominators and the converged flag, within SPEC §1's tolerance; round numbers and
 * timestamps exactly). Stamps and clocks are left to V2-1/V2-2 and V1-1.
 *
 * V2 cases run for under 20 s of virtual time with `ctx.random` returning 0.9999, so a heartbeat
 * whose first offset is drawn as the reference draws it (random × 20 s) never falls inside the
 * compared part; a quiet tail then checks only that no more than 20.1 s pass without a
 * publication (the heartbeat). Publications exactly 60 s old at a step are avoided (§11: that
 * instant is a convention V2-2/V2-5 leave open).
 */
import fc from "fast-check";
import type { Denominators } from "../src/core/convergence.js";
import * as itc from "../src/core/itc/index.js";
import type { Stamp } from "../src/core/itc/index.js";
import type { NodeEffect, NodeInput } from "../src/core/protocols/machine.js";
import type { Declaration, GrantMap, ParticipantSpec } from "../src/core/protocols/participant.js";
import type { V1Message } from "../src/core/protocols/v1-node.js";
import type { V2Message } from "../src/core/protocols/v2-node.js";
import * as vclock from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import { boundaries, type GeneratorBoundaries } from "./boundaries.js";
import { NODE_EPOCH_MS, referenceV1Node, referenceV2Node, type NodeStep } from "./nodes.js";
import { closeTol } from "./pipeline-oracle.js";
import { reduceEffectArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { NodeStepResult, V1NodeUnderTest, V2NodeUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

/** The freshness window of V2 publications (SPEC.md §13). */
const FRESH_MS = 60_000;
/** V2's heartbeat period (SPEC.md §13 Decisions) and debounce. */
const HEARTBEAT_MS = 20_000;
const DEBOUNCE_MS = 100;
/** V2 effects are compared up to this virtual time (below the first heartbeat). */
export const V2_COMPARED_MS = 19_900;

// ---------------------------------------------------------------------------------------------
// A lockstep driver

type Step<S, M> = (
  state: S,
  input: NodeInput<M>,
  ctx: { now: number; self: string; random: () => number },
) => NodeStepResult<S, M>;

/**
 * A publication: a broadcast (to null) or a send, at a virtual time. Publications are compared
 * by time and content, not addressee: the suite's node has no neighbours to tell them apart.
 */
export interface Publication<M> {
  readonly at: number;
  readonly to: string | null;
  readonly msg: M;
}

class Driven<S, M> {
  readonly timers = new Map<string, number>();
  now = 0;
  constructor(
    readonly id: string,
    public state: S,
    private readonly step: Step<S, M>,
    private readonly random: () => number,
  ) {}

  /** One input at `at`; returns what it published. */
  input(input: NodeInput<M>, at: number): Publication<M>[] {
    this.now = Math.max(this.now, at);
    const r = this.step(this.state, input, { now: this.now, self: this.id, random: this.random });
    this.state = r.state;
    const out: Publication<M>[] = [];
    for (const e of r.effects as readonly NodeEffect<M>[]) {
      if (e.kind === "setTimer") this.timers.set(e.name, this.now + Math.max(0, e.delay));
      else if (e.kind === "cancelTimer") this.timers.delete(e.name);
      else if (e.kind === "broadcast") out.push({ at: this.now, to: null, msg: e.msg });
      else if (e.kind === "send") out.push({ at: this.now, to: e.to, msg: e.msg });
    }
    return out;
  }

  /** Fires every timer due by `at` (in order of due time, then name), each at its due time. */
  fireDue(at: number): Publication<M>[] {
    const out: Publication<M>[] = [];
    for (let fired = 0; ; fired++) {
      if (fired > 10_000)
        throw new Error(`${this.id} fired 10 000 timers before ${at} ms: a timer storm`);
      let next: [string, number] | undefined;
      for (const [name, due] of this.timers)
        if (
          due <= at &&
          (next === undefined || due < next[1] || (due === next[1] && name < next[0]))
        )
          next = [name, due];
      if (next === undefined) break;
      this.timers.delete(next[0]);
      out.push(...this.input({ kind: "timer", name: next[0] }, next[1]));
    }
    this.now = Math.max(this.now, at);
    return out;
  }
}

/** The first difference between two numeric maps of maps (absent = 0), or undefined. */
function mapDifference(
  a: Readonly<Record<string, Readonly<Record<string, number>>>>,
  b: Readonly<Record<string, Readonly<Record<string, number>>>>,
): string | undefined {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
    for (const j of [...new Set([...Object.keys(a[k] ?? {}), ...Object.keys(b[k] ?? {})])].sort()) {
      const x = a[k]?.[j] ?? 0;
      const y = b[k]?.[j] ?? 0;
      if (!(Number.isFinite(x) && closeTol(x, y))) return `[${k}][${j}] is ${x}, expected ${y}`;
    }
  return undefined;
}

function denominatorDifference(a: Denominators, b: Denominators): string | undefined {
  for (const s of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[s] ?? { mutual: 0, nonMutual: 0 };
    const y = b[s] ?? { mutual: 0, nonMutual: 0 };
    if (!closeTol(x.mutual, y.mutual) || !closeTol(x.nonMutual, y.nonMutual))
      return `slot ${s}: ${JSON.stringify(x)}, expected ${JSON.stringify(y)}`;
  }
  return undefined;
}

/** What differs between two declarations (the published fields a peer reads), or undefined. */
function declarationDifference(a: Declaration, b: Declaration): string | undefined {
  for (const k of ["pubKey", "capacity_slots", "need_slots", "recognition_weights"] as const)
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      return `${k} is ${JSON.stringify(a[k])}, expected ${JSON.stringify(b[k])}`;
  if (a.damping_factor !== b.damping_factor)
    return `damping_factor is ${a.damping_factor}, expected ${b.damping_factor}`;
  const r = mapDifference(a.received, b.received);
  if (r !== undefined) return `received${r}`;
  return undefined;
}

/** A mismatch between a published message and the reference's: its class and what differs. */
type ContentMismatch = [string, string] | undefined;

/** A published commitment (V1 or V2) against the reference's: declaration, then timestamp. */
function commitmentMismatch(
  a: { readonly decl: Declaration; readonly timestamp: number },
  b: { readonly decl: Declaration; readonly timestamp: number },
): ContentMismatch {
  const d = declarationDifference(a.decl, b.decl);
  if (d !== undefined) return ["declaration-mismatch", `its declaration's ${d}`];
  if (a.timestamp !== b.timestamp)
    return ["timestamp-mismatch", `timestamp ${a.timestamp}, expected ${b.timestamp}`];
  return undefined;
}

interface PublishedResults {
  readonly grants: GrantMap;
  readonly denominators: Denominators;
  readonly converged: boolean;
  readonly timestamp: number;
}

/**
 * Published results (a V2 allocation, V1 results) against the reference's: grants (`rule` says
 * by which rules they were computed), denominators, convergence, timestamp.
 */
function resultsMismatch(a: PublishedResults, b: PublishedResults, rule: string): ContentMismatch {
  const g = mapDifference(a.grants, b.grants);
  if (g !== undefined) return ["grants-mismatch", `grants${g} (${rule})`];
  const d = denominatorDifference(a.denominators, b.denominators);
  if (d !== undefined) return ["denominators-mismatch", `denominators of ${d}`];
  if (a.converged !== b.converged)
    return ["converged-mismatch", `converged ${a.converged}, expected ${b.converged} (SPEC §6.3)`];
  if (a.timestamp !== b.timestamp)
    return ["timestamp-mismatch", `timestamp ${a.timestamp}, expected ${b.timestamp}`];
  return undefined;
}

/** Compares one step's publications; throws the first difference as a violation. */
function comparePublications<M extends { readonly type: string }>(
  who: string,
  what: string,
  got: readonly Publication<M>[],
  want: readonly Publication<M>[],
  content: (a: M, b: M) => [code: string, why: string] | undefined,
): void {
  // A broadcast and the same message sent to each peer one by one are the same publication.
  const once = (ps: readonly Publication<M>[]) => {
    const seen = new Set<string>();
    return ps.filter((p) => {
      const k = `${p.at}\u0000${JSON.stringify(p.msg)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  const kinds = [...new Set([...got, ...want].map((p) => p.msg.type))].sort();
  for (const kind of kinds) {
    const g = once(got.filter((p) => p.msg.type === kind));
    const w = once(want.filter((p) => p.msg.type === kind));
    const n = Math.min(g.length, w.length);
    for (let i = 0; i < n; i++) {
      const x = g[i] as Publication<M>;
      const y = w[i] as Publication<M>;
      if (x.at !== y.at)
        violation(
          "published-at-wrong-time",
          `${who}: on ${what}, published a ${kind} at ${x.at} ms; SPEC §13 publishes it at ${y.at} ms`,
        );
      const c = content(x.msg, y.msg);
      if (c !== undefined)
        violation(c[0], `${who}: on ${what}, its ${kind} at ${x.at} ms: ${c[1]}`);
    }
    if (g.length > n)
      violation(
        `${kind}-unexpected`,
        `${who}: on ${what}, published ${g.length} ${kind}(s) at ${g.map((p) => p.at).join(", ")} ms; SPEC §13 publishes ${w.length}`,
      );
    if (w.length > n)
      violation(
        `${kind}-missing`,
        `${who}: on ${what}, published ${g.length} ${kind}(s); SPEC §13 publishes ${w.length}, at ${w.map((p) => p.at).join(", ")} ms`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// V2-6

/** One step of a V2 effects case: a peer's publication reaches A, or time passes. */
export type V2EffectStep = NodeStep<V2Message>;

export interface V2EffectCase {
  readonly spec: ParticipantSpec;
  readonly steps: readonly V2EffectStep[];
  /** Ticks after the compared part: only the heartbeat gap is checked there. */
  readonly tail: readonly number[];
}

const V2_PEERS = ["B", "C", "D"] as const;

type V2EffectOp =
  | {
      readonly op: "commitment";
      readonly peer: number;
      readonly need: number;
      readonly weight: number;
      readonly fromX: number;
      readonly fromA: number;
      readonly age: number;
      readonly now: boolean;
      readonly sees: boolean;
    }
  | {
      readonly op: "allocation";
      readonly peer: number;
      readonly grant: number;
      readonly age: number;
      readonly now: boolean;
    }
  | { readonly op: "again"; readonly k: number }
  | { readonly op: "tick"; readonly dt: number };

const arbQ = fc.constantFrom(0, 0.5, 1, 3, 7, 20, 1e-9, 1e6);

const arbV2EffectOp: fc.Arbitrary<V2EffectOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("commitment" as const),
      peer: fc.nat(2),
      need: arbQ,
      weight: fc.constantFrom(0, 1, 2),
      fromX: fc.constantFrom(0, 0, 1, 4),
      fromA: fc.constantFrom(0, 0, 2),
      age: fc.constantFrom(0, 0, 0, 1_003, 30_007, 59_947, 60_053, 120_000),
      now: fc.boolean(),
      sees: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("allocation" as const),
      peer: fc.nat(2),
      grant: arbQ,
      age: fc.constantFrom(0, 0, 1_003, 60_053),
      now: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("again" as const), k: fc.nat(40) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("tick" as const),
      dt: fc.constantFrom(0, 30, 99, 100, 101, 250, 1_000, 5_000),
    }),
  },
);

function peerDecl(
  id: string,
  need: number,
  weight: number,
  fromX: number,
  fromA: number,
): Declaration {
  const received: Record<string, Record<string, number>> = {};
  if (fromX > 0 || fromA > 0)
    received["n"] = { ...(fromX > 0 ? { X: fromX } : {}), ...(fromA > 0 ? { A: fromA } : {}) };
  return {
    pubKey: id,
    capacity_slots: [],
    need_slots: [{ id: "n", quantity: need }],
    recognition_weights: weight > 0 ? { A: weight, X: 1 } : { X: 1 },
    damping_factor: 1,
    damping_history: [],
    received,
  };
}

function v2Stamps(): { a: Stamp; peers: Stamp[] } {
  const [a, rest] = itc.fork(itc.seed());
  const [b, cd] = itc.fork(rest);
  const [c, d] = itc.fork(cd);
  return { a, peers: [b, c, d] };
}

function v2EffectCaseOf(
  capacity: number,
  weights: readonly number[],
  ops: readonly V2EffectOp[],
  tail: readonly number[],
): V2EffectCase {
  const stamps = v2Stamps().peers;
  const made: { from: string; msg: V2Message }[] = [];
  const steps: V2EffectStep[] = [];
  let t = 0;
  const deliveries: number[] = [0];
  for (const o of ops) {
    if (o.op === "tick") {
      if (t + o.dt > V2_COMPARED_MS) continue;
      t += o.dt;
      steps.push({ kind: "tick", at: t });
      continue;
    }
    if (o.op === "again") {
      const m = made[o.k % Math.max(1, made.length)];
      if (m !== undefined) {
        steps.push({ kind: "deliver", at: t, ...m });
        deliveries.push(t);
      }
      continue;
    }
    const from = V2_PEERS[o.peer] as string;
    let st = stamps[o.peer] as Stamp;
    if (o.op === "commitment" && o.sees)
      for (const s of stamps) if (s !== st) st = itc.join(st, itc.peek(s));
    st = itc.event(st);
    stamps[o.peer] = st;
    const timestamp = NODE_EPOCH_MS + t - o.age;
    const msg: V2Message =
      o.op === "commitment"
        ? {
            type: "commitment",
            decl: peerDecl(from, o.need, o.weight, o.fromX, o.fromA),
            stamp: st,
            timestamp,
          }
        : {
            type: "allocation",
            provider: from,
            grants: o.grant > 0 ? { A: { n: o.grant } } : { Z: { n: 1 } },
            denominators: { s: { mutual: o.grant, nonMutual: 0 } } as Denominators,
            converged: false,
            stamp: st,
            timestamp,
          };
    made.push({ from, msg });
    if (o.now) {
      steps.push({ kind: "deliver", at: t, from, msg });
      deliveries.push(t);
    }
  }
  // No publication may turn exactly 60 s old at a delivery or a debounce (§11: left open).
  const critical = new Set(deliveries.flatMap((d) => [d, d + DEBOUNCE_MS]));
  const kept = steps.filter(
    (s) =>
      s.kind === "tick" ||
      (s.msg.type !== "commitment" && s.msg.type !== "allocation") ||
      !critical.has(s.msg.timestamp - NODE_EPOCH_MS + FRESH_MS),
  );
  return {
    spec: {
      pubKey: "A",
      capacity_slots: [{ id: "s", quantity: capacity }],
      need_slots: [{ id: "n", quantity: 5 }],
      recognition_weights: Object.fromEntries(
        V2_PEERS.map((p, i) => [p, weights[i] ?? 1] as const).filter(([, w]) => w > 0),
      ),
    },
    steps: kept,
    tail,
  };
}

/**
 * V2 effects cases: a node A (capacity 0, 1, 10 or 10⁶; need 5) and three peers that publish
 * commitments (needs from 1e-9 to 10⁶, recognising A or not, with grants received from another
 * provider and from A) and allocations to A, delivered at once, later, again (duplicates and
 * reordering) or already old (1 s, 30 s, just under and over 60 s, 2 min), with ticks at and
 * around the 100 ms debounce; then, sometimes, a quiet tail of 25–45 s.
 */
export const arbV2EffectCase: fc.Arbitrary<V2EffectCase> = fc
  .record({
    capacity: fc.constantFrom(0, 1, 10, 10, 1e6),
    weights: fc.array(fc.constantFrom(0, 1, 1, 3), { minLength: 3, maxLength: 3 }),
    ops: fc.array(arbV2EffectOp, { minLength: 1, maxLength: 40 }),
    tail: fc.oneof(
      fc.constant([] as number[]),
      fc.array(fc.constantFrom(25_000, 45_000, 5_000), { minLength: 1, maxLength: 3 }),
    ),
  })
  .map(({ capacity, weights, ops, tail }) => v2EffectCaseOf(capacity, weights, ops, tail));

/** Runs a V2 effects case on `part` beside the reference; throws the first difference. */
export function judgeV2Effects<S>(part: V2NodeUnderTest<S>, c: V2EffectCase, name: string): void {
  const random = () => 0.9999;
  const stamp = v2Stamps().a;
  const mine = new Driven<S, V2Message>(
    "A",
    part.init({ spec: c.spec, stamp, epochMs: NODE_EPOCH_MS }),
    (s, i, ctx) => part.step(s, i, ctx),
    random,
  );
  const ref = referenceV2Node;
  const theirs = new Driven<unknown, V2Message>(
    "A",
    ref.init({ spec: c.spec, stamp, epochMs: NODE_EPOCH_MS }),
    (s, i, ctx) => ref.step(s as Parameters<typeof ref.step>[0], i, ctx),
    random,
  );
  const content = (a: V2Message, b: V2Message): ContentMismatch => {
    if (a.type === "commitment" && b.type === "commitment") return commitmentMismatch(a, b);
    if (a.type === "allocation" && b.type === "allocation") {
      if (a.provider !== b.provider)
        return ["allocation-mismatch", `provider ${a.provider}, expected ${b.provider}`];
      return resultsMismatch(a, b, "SPEC §5 allocation, §6.1 net-of-others, §13 λ = 0.5");
    }
    return undefined;
  };
  let last = -Infinity;
  const note = (ps: readonly Publication<V2Message>[]) => {
    for (const p of ps) last = Math.max(last, p.at);
  };
  const both = (what: string, f: <T>(d: Driven<T, V2Message>) => Publication<V2Message>[]) => {
    const g = f(mine);
    const w = f(theirs);
    note(g);
    comparePublications(name, what, g, w, content);
  };
  both("start", (d) => d.input({ kind: "start" }, 0));
  for (const s of c.steps) {
    both(`the timers due by ${s.at} ms`, (d) => d.fireDue(s.at));
    if (s.kind === "deliver")
      both(
        `${s.from}'s ${s.msg.type} delivered at ${s.at} ms (${s.at - ("timestamp" in s.msg ? s.msg.timestamp - NODE_EPOCH_MS : s.at)} ms old)`,
        (d) => d.input({ kind: "message", from: s.from, msg: s.msg }, s.at),
      );
  }
  both(`the timers due by ${V2_COMPARED_MS} ms`, (d) => d.fireDue(V2_COMPARED_MS));
  // The quiet tail: nothing arrives; a heartbeat must come at least every 20 s.
  let t = V2_COMPARED_MS;
  for (const dt of c.tail) {
    const end = t + dt;
    for (let probe = t + 1_000; probe <= end; probe += 1_000) {
      note(mine.fireDue(probe));
      if (probe - last > HEARTBEAT_MS + DEBOUNCE_MS)
        violation(
          "heartbeat-missing",
          `${name}: published nothing from ${last} ms to ${probe} ms (SPEC §13: a heartbeat every 20 s)`,
        );
    }
    t = end;
  }
}

// ---------------------------------------------------------------------------------------------
// V1-4

export type V1EffectStep = NodeStep<V1Message>;

export interface V1EffectCase {
  readonly spec: ParticipantSpec;
  readonly threshold: number;
  readonly steps: readonly V1EffectStep[];
}

const V1_PEERS = ["b", "c", "d", "e"] as const;

type V1EffectOp =
  | {
      readonly op: "publish";
      readonly peer: number;
      readonly kind: "round-state" | "commitment" | "results";
      readonly ahead: number;
      readonly q: number;
      readonly weight: number;
      readonly fromX: number;
    }
  | { readonly op: "again"; readonly k: number }
  | { readonly op: "tick"; readonly dt: number };

const arbV1EffectOp: fc.Arbitrary<V1EffectOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("publish" as const),
      peer: fc.nat(3),
      kind: fc.constantFrom(
        "round-state" as const,
        "commitment" as const,
        "commitment" as const,
        "results" as const,
      ),
      ahead: fc.constantFrom(0, 0, 1, 2),
      q: arbQ,
      weight: fc.constantFrom(0, 1, 2),
      fromX: fc.constantFrom(0, 0, 2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("again" as const), k: fc.nat(40) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("tick" as const),
      dt: fc.constantFrom(0, 10, 1_000, 35_999, 36_000, 36_001, 72_000, 90_000, 180_001),
    }),
  },
);

function v1EffectCaseOf(
  capacity: number,
  threshold: number,
  ops: readonly V1EffectOp[],
): V1EffectCase {
  const clocks: VClock[] = V1_PEERS.map(() => vclock.empty());
  const rounds: number[] = V1_PEERS.map(() => 0);
  const made: { from: string; msg: V1Message }[] = [];
  const steps: V1EffectStep[] = [];
  let t = 0;
  for (const o of ops) {
    if (o.op === "tick") {
      t += o.dt;
      steps.push({ kind: "tick", at: t });
    } else if (o.op === "again") {
      const m = made[o.k % Math.max(1, made.length)];
      if (m !== undefined) steps.push({ kind: "deliver", at: t, ...m });
    } else {
      const from = V1_PEERS[o.peer] as string;
      const vc = vclock.event(clocks[o.peer] as VClock, from);
      clocks[o.peer] = vc;
      const round = (rounds[o.peer] as number) + o.ahead;
      rounds[o.peer] = round;
      const timestamp = NODE_EPOCH_MS + t;
      const msg: V1Message =
        o.kind === "round-state"
          ? { type: "round-state", round, vc }
          : o.kind === "commitment"
            ? {
                type: "commitment",
                round,
                decl: {
                  ...peerDecl(from, o.q, o.weight, o.fromX, 0),
                  recognition_weights: o.weight > 0 ? { a: o.weight } : { x: 1 },
                },
                vc,
                timestamp,
              }
            : {
                type: "results",
                round,
                grants: o.q > 0 ? { a: { n: o.q } } : { z: { n: 1 } },
                denominators: {},
                converged: false,
                vc,
                timestamp,
              };
      made.push({ from, msg });
      steps.push({ kind: "deliver", at: t, from, msg });
    }
  }
  return {
    spec: {
      pubKey: "a",
      capacity_slots: [{ id: "s", quantity: capacity }],
      need_slots: [{ id: "n", quantity: 5 }],
      recognition_weights: { b: 1, c: 2, d: 1 },
    },
    threshold,
    steps,
  };
}

/**
 * V1 effects cases: a node a (capacity 0, 1, 10 or 10⁶; need 5) and four peers publishing round
 * states (0–2 rounds ahead), commitments (needs 1e-9 to 10⁶, recognising a or not, with grants
 * from another provider) and results granting a, duplicated and reordered, with ticks across
 * the compute (36 s), aggregate (72 s) and round-end (90 s) phases and past the two-round
 * freshness window.
 */
export const arbV1EffectCase: fc.Arbitrary<V1EffectCase> = fc
  .record({
    capacity: fc.constantFrom(0, 1, 10, 10, 1e6),
    threshold: fc.constantFrom(0.25, 0.5, 1),
    ops: fc.array(arbV1EffectOp, { minLength: 1, maxLength: 40 }),
  })
  .map(({ capacity, threshold, ops }) => v1EffectCaseOf(capacity, threshold, ops));

/** Runs a V1 effects case on `part` beside the reference; throws the first difference. */
export function judgeV1Effects<S>(part: V1NodeUnderTest<S>, c: V1EffectCase, name: string): void {
  const random = () => 0.5;
  const config = { spec: c.spec, threshold: c.threshold, epochMs: NODE_EPOCH_MS };
  const mine = new Driven<S, V1Message>(
    "a",
    part.init(config),
    (s, i, ctx) => part.step(s, i, ctx),
    random,
  );
  const ref = referenceV1Node;
  const theirs = new Driven<unknown, V1Message>(
    "a",
    ref.init(config),
    (s, i, ctx) => ref.step(s as Parameters<typeof ref.step>[0], i, ctx),
    random,
  );
  const content = (a: V1Message, b: V1Message): ContentMismatch => {
    if ("round" in a && "round" in b && a.round !== b.round)
      return ["round-mismatch", `round ${a.round}, expected ${b.round} (SPEC §13, V1-2)`];
    if (a.type === "commitment" && b.type === "commitment") return commitmentMismatch(a, b);
    if (a.type === "results" && b.type === "results")
      return resultsMismatch(a, b, "SPEC §5 allocation, §6.1 net-of-others, λ = 0.5");
    return undefined;
  };
  const both = (what: string, f: <T>(d: Driven<T, V1Message>) => Publication<V1Message>[]) =>
    comparePublications(name, what, f(mine), f(theirs), content);
  both("start", (d) => d.input({ kind: "start" }, 0));
  for (const s of c.steps) {
    both(`the timers due by ${s.at} ms`, (d) => d.fireDue(s.at));
    if (s.kind === "deliver")
      both(
        `${s.from}'s ${s.msg.type} (round ${"round" in s.msg ? s.msg.round : "-"}) delivered at ${s.at} ms`,
        (d) => d.input({ kind: "message", from: s.from, msg: s.msg }, s.at),
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Boundary classes and properties

const v2Deliveries = (c: V2EffectCase) =>
  c.steps.filter((s): s is Extract<V2EffectStep, { kind: "deliver" }> => s.kind === "deliver");

/** Boundary classes of the node effects generators (SPEC.md §13). */
export const NODE_EFFECT_BOUNDARIES: readonly GeneratorBoundaries<unknown>[] = [
  boundaries({
    generator: "arbV2EffectCase",
    suite: "nodes",
    arbitrary: arbV2EffectCase,
    classes: [
      {
        name: "a publication delivered twice (duplicate)",
        spec: "§13",
        hit: (c) => {
          const ds = v2Deliveries(c).map((s) => s.msg);
          return ds.some((m, i) => ds.indexOf(m) !== i);
        },
      },
      {
        name: "two changes within one 100 ms debounce",
        spec: "§13 Decisions",
        hit: (c) => {
          const ds = v2Deliveries(c).map((s) => s.at);
          return ds.some((t, i) => i > 0 && t - (ds[i - 1] as number) < DEBOUNCE_MS);
        },
      },
      {
        name: "a tick exactly at a debounce's end",
        spec: "§13 Decisions",
        hit: (c) => {
          const ds = new Set(v2Deliveries(c).map((s) => s.at + DEBOUNCE_MS));
          return c.steps.some((s) => s.kind === "tick" && ds.has(s.at));
        },
      },
      {
        name: "a publication just older than 60 s",
        spec: "§13",
        hit: (c) =>
          v2Deliveries(c).some(
            (s) =>
              "timestamp" in s.msg &&
              s.at - (s.msg.timestamp - NODE_EPOCH_MS) > FRESH_MS &&
              s.at - (s.msg.timestamp - NODE_EPOCH_MS) < FRESH_MS + 100,
          ),
      },
      {
        name: "a publication just younger than 60 s",
        spec: "§13",
        hit: (c) =>
          v2Deliveries(c).some(
            (s) =>
              "timestamp" in s.msg &&
              s.at - (s.msg.timestamp - NODE_EPOCH_MS) < FRESH_MS &&
              s.at - (s.msg.timestamp - NODE_EPOCH_MS) > FRESH_MS - 100,
          ),
      },
      {
        name: "a peer's need at 1e-9 or 10⁶",
        spec: "§1",
        hit: (c) =>
          v2Deliveries(c).some(
            (s) =>
              s.msg.type === "commitment" &&
              [1e-9, 1e6].includes(s.msg.decl.need_slots[0]?.quantity ?? 0),
          ),
      },
      {
        name: "a quiet tail (heartbeat checked)",
        spec: "§13 Decisions",
        hit: (c) => c.tail.length > 0,
      },
      {
        name: "a provider without capacity",
        spec: "§5",
        hit: (c) => c.spec.capacity_slots[0]?.quantity === 0,
      },
    ],
  }),
  boundaries({
    generator: "arbV1EffectCase",
    suite: "nodes",
    arbitrary: arbV1EffectCase,
    classes: [
      {
        name: "runs past the compute phase (36 s)",
        spec: "§13",
        hit: (c) => (c.steps[c.steps.length - 1]?.at ?? 0) >= 36_000,
      },
      {
        name: "runs past a round end (90 s)",
        spec: "§13",
        hit: (c) => (c.steps[c.steps.length - 1]?.at ?? 0) >= 90_000,
      },
      {
        name: "a peer two rounds ahead",
        spec: "§13 (V1-2)",
        hit: (c) =>
          c.steps.some((s) => s.kind === "deliver" && "round" in s.msg && s.msg.round >= 2),
      },
      {
        name: "a publication delivered twice",
        spec: "§13",
        hit: (c) => {
          const ds = c.steps.flatMap((s) => (s.kind === "deliver" ? [s.msg] : []));
          return ds.some((m, i) => ds.indexOf(m) !== i);
        },
      },
      {
        name: "results granting a",
        spec: "§13",
        hit: (c) =>
          c.steps.some(
            (s) => s.kind === "deliver" && s.msg.type === "results" && "a" in s.msg.grants,
          ),
      },
    ],
  }),
];

/** V2-6 of a `node.v2` part. */
export function v2EffectProperties<S>(
  part: V2NodeUnderTest<S>,
  name = "reference",
): InvariantProperty[] {
  return [
    {
      id: "V2-6",
      suite: "nodes",
      title:
        "a V2 node publishes what SPEC §13 fixes, when it fixes it: debounced 100 ms after a change, nothing on stale or old input, the computed allocation; a heartbeat every 20 s",
      numRuns: 150,
      reduce: reduceEffectArguments,
      build: () => fc.property(arbV2EffectCase, (c) => judgeV2Effects(part, c, name)),
    },
  ];
}

/** V1-4 of a `node.v1` part. */
export function v1EffectProperties<S>(
  part: V1NodeUnderTest<S>,
  name = "reference",
): InvariantProperty[] {
  return [
    {
      id: "V1-4",
      suite: "nodes",
      title:
        "a V1 node publishes what SPEC §13 fixes, when it fixes it: round state and declaration on entering a round, results at 40 %, what it aggregated at 80 %",
      numRuns: 150,
      reduce: reduceEffectArguments,
      build: () => fc.property(arbV1EffectCase, (c) => judgeV1Effects(part, c, name)),
    },
  ];
}
