/**
 * The V2 and V1 node invariants (SPEC.md §13, V2-1, V2-2, V2-4, V2-5, V1-1, V1-2) as properties
 * of any node written as a pure state machine (`V2NodeUnderTest`, `V1NodeUnderTest`), the
 * reference machines by default.
 *
 * The suite is the driver. A case is plain data: a sequence of steps at non-decreasing virtual
 * times, each the delivery of a peer's publication in the exported message shapes (with its ITC
 * stamp or vector clock already computed, so counterexamples print as messages) or a tick, at
 * which the node's timers due by then fire in order of due time (then name), each at its own due
 * time. Peers publish, republish earlier messages (duplicates, reordering) and publish messages
 * that are already old. V2-4 drives a sponsor and its newcomers over a schedule of which
 * in-flight message is delivered, duplicated or dropped. A ghost of what the node must have done
 * judges each step through the part's accessors.
 */
import fc from "fast-check";
import type { Denominators } from "../src/core/convergence.js";
import * as itc from "../src/core/itc/index.js";
import type { Id, Stamp } from "../src/core/itc/index.js";
import { disjoint } from "../src/core/itc/ids.js";
import type { NodeContext, NodeEffect, NodeInput } from "../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../src/core/protocols/participant.js";
import { v1Init, v1Machine, type V1Message } from "../src/core/protocols/v1-node.js";
import { v2Init, v2Machine, type V2Message } from "../src/core/protocols/v2-node.js";
import * as vclock from "../src/core/vclock.js";
import type { VClock } from "../src/core/vclock.js";
import { Rng } from "../src/engine/sim/rng.js";
import { v1NodeFromMachine, v2NodeFromMachine } from "./machine-adapter.js";
import type { InvariantProperty } from "./property.js";
import type { NodeStepResult, V1NodeUnderTest, V2NodeUnderTest } from "./under-test.js";

/** Epoch ms of virtual time 0 in every case (passed to the node in its config). */
export const NODE_EPOCH_MS = 1_700_000_000_000;
/** V2's freshness window (seed 003): publications older than this are ignored. */
export const V2_FRESHNESS_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The reference nodes, through their state machines

export const referenceV2Node = v2NodeFromMachine(v2Machine, {
  init: (c) =>
    v2Init({
      spec: c.spec,
      stamp: c.stamp,
      ...(c.sponsor !== undefined ? { sponsor: c.sponsor } : {}),
      options: { epochMs: c.epochMs },
    }),
  stamp: (s) => s.stamp,
  lastAccepted: (s) => s.lastCommitStamp,
  declaration: (s) => s.decl,
});

export const referenceV1Node = v1NodeFromMachine(v1Machine, {
  init: (c) => v1Init({ spec: c.spec, options: { threshold: c.threshold, epochMs: c.epochMs } }),
  clock: (s) => s.vc,
  round: (s) => s.round,
});

// ---------------------------------------------------------------------------------------------
// The driver

type Stepper<S, M> = (state: S, input: NodeInput<M>, ctx: NodeContext) => NodeStepResult<S, M>;

interface Driven<S> {
  readonly id: string;
  state: S;
  readonly timers: Map<string, number>;
  now: number;
  readonly random: () => number;
}

function driven<S>(id: string, state: S): Driven<S> {
  return { id, state, timers: new Map(), now: 0, random: Rng.derive(0, `node:${id}`).asFunction() };
}

/** One step at `at`; applies the timer effects and returns all effects. */
function drive<S, M>(
  step: Stepper<S, M>,
  n: Driven<S>,
  input: NodeInput<M>,
  at: number,
): readonly NodeEffect<M>[] {
  n.now = Math.max(n.now, at);
  const r = step(n.state, input, { now: n.now, self: n.id, random: n.random });
  n.state = r.state;
  for (const e of r.effects) {
    if (e.kind === "setTimer") n.timers.set(e.name, n.now + Math.max(0, e.delay));
    else if (e.kind === "cancelTimer") n.timers.delete(e.name);
  }
  return r.effects;
}

const MAX_FIRINGS = 10_000;

/** Fires the timers due by `at`, in order of due time then name, through `observe`. */
function tick<S>(
  n: Driven<S>,
  at: number,
  observe: (input: { kind: "timer"; name: string }, due: number) => void,
): void {
  for (let fired = 0; ; fired++) {
    if (fired >= MAX_FIRINGS)
      throw new Error(`${n.id} fired ${MAX_FIRINGS} timers before ${at} ms: a timer storm`);
    let next: [string, number] | undefined;
    for (const [name, due] of n.timers) {
      if (due > at) continue;
      if (next === undefined || due < next[1] || (due === next[1] && name < next[0]))
        next = [name, due];
    }
    if (next === undefined) break;
    n.timers.delete(next[0]);
    observe({ kind: "timer", name: next[0] }, next[1]);
  }
  n.now = Math.max(n.now, at);
}

/** What a step published: the messages of its sends and broadcasts. */
function published<M>(effects: readonly NodeEffect<M>[]): M[] {
  const out: M[] = [];
  for (const e of effects) if (e.kind === "send" || e.kind === "broadcast") out.push(e.msg);
  return out;
}

const showStamp = (s: Stamp | null | undefined): string =>
  s === null || s === undefined ? String(s) : itc.toString(s);

const sameStamp = (a: Stamp | null | undefined, b: Stamp | null | undefined): boolean =>
  a === null || a === undefined || b === null || b === undefined ? a === b : itc.equals(a, b);

function sameStampMap(
  a: Readonly<Record<string, Stamp>>,
  b: Readonly<Record<string, Stamp>>,
): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameStamp(a[k], b[k]));
}

/** Is id `a` part of id `b` (every part of the interval `a` owns, `b` owns)? */
export function idWithin(a: Id, b: Id): boolean {
  const st: [Id, Id][] = [[a, b]];
  for (let top = st.pop(); top !== undefined; top = st.pop()) {
    const [x, y] = top;
    if (x === 0 || y === 1) continue;
    if (y === 0) return false;
    st.push([x === 1 ? 1 : x.l, y.l], [x === 1 ? 1 : x.r, y.r]);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// V2: one node A and three peers publishing to it (V2-1, V2-2, V2-5)

/** One step of a V2 case: a peer's publication reaches A at `at`, or A's due timers fire. */
export type V2Step =
  | {
      readonly kind: "deliver";
      readonly at: number;
      readonly from: string;
      readonly msg: V2Message;
    }
  | { readonly kind: "tick"; readonly at: number };

export interface V2Case {
  readonly steps: readonly V2Step[];
}

const V2_PEERS = ["B", "C", "D"] as const;

const V2_SPEC: ParticipantSpec = {
  pubKey: "A",
  capacity_slots: [{ id: "s", quantity: 10 }],
  need_slots: [{ id: "n", quantity: 5 }],
  recognition_weights: { B: 1, C: 1, D: 1 },
};

function declOf(id: string, need: number, recognises: string): Declaration {
  return {
    pubKey: id,
    capacity_slots: [],
    need_slots: [{ id: "n", quantity: need }],
    recognition_weights: { [recognises]: 1 },
    damping_factor: 1,
    damping_history: [],
    received: {},
  };
}

/** A's stamp and its peers' (disjoint ids, forked from one seed). */
function v2Ids(): { a: Stamp; peers: Stamp[] } {
  const [a, rest] = itc.fork(itc.seed());
  const [b, cd] = itc.fork(rest);
  const [c, d] = itc.fork(cd);
  return { a, peers: [b, c, d] };
}

type V2Op =
  | {
      readonly op: "publish";
      readonly peer: number;
      /** Peers whose latest publication it saw first (their stamps are joined into its own). */
      readonly sees: readonly number[];
      readonly allocation: boolean;
      readonly need: number;
      /** How old the publication already is when it is made (ms). */
      readonly age: number;
      /** Delivered at once, or only by a later `again`. */
      readonly deliver: boolean;
    }
  | { readonly op: "again"; readonly k: number }
  | { readonly op: "tick"; readonly dt: number };

const arbV2Op: fc.Arbitrary<V2Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("publish" as const),
      peer: fc.integer({ min: 0, max: 2 }),
      sees: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
      allocation: fc.boolean(),
      need: fc.integer({ min: 1, max: 9 }),
      age: fc.constantFrom(0, 0, 0, 5_000, 59_000, 61_000, 300_000),
      deliver: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("again" as const), k: fc.nat(40) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("tick" as const),
      dt: fc.constantFrom(100, 50, 1_000, 20_000, 45_000),
    }),
  },
);

function v2CaseOf(ops: readonly V2Op[]): V2Case {
  const stamps = v2Ids().peers;
  const made: { from: string; msg: V2Message }[] = [];
  const steps: V2Step[] = [];
  let t = 0;
  for (const o of ops) {
    if (o.op === "tick") {
      t += o.dt;
      steps.push({ kind: "tick", at: t });
    } else if (o.op === "again") {
      const m = made[o.k % Math.max(1, made.length)];
      if (m !== undefined) steps.push({ kind: "deliver", at: t, ...m });
    } else {
      const from = V2_PEERS[o.peer] as string;
      let st = stamps[o.peer] as Stamp;
      for (const j of o.sees) if (j !== o.peer) st = itc.join(st, itc.peek(stamps[j] as Stamp));
      st = itc.event(st);
      stamps[o.peer] = st;
      const timestamp = NODE_EPOCH_MS + t - o.age;
      const msg: V2Message = o.allocation
        ? {
            type: "allocation",
            provider: from,
            grants: { A: { n: o.need } },
            denominators: {} as Denominators,
            converged: false,
            stamp: st,
            timestamp,
          }
        : { type: "commitment", decl: declOf(from, o.need, "A"), stamp: st, timestamp };
      made.push({ from, msg });
      if (o.deliver) steps.push({ kind: "deliver", at: t, from, msg });
    }
  }
  return { steps };
}

export const arbV2Case: fc.Arbitrary<V2Case> = fc
  .array(arbV2Op, { minLength: 1, maxLength: 30 })
  .map(v2CaseOf);

type V2SingleId = "V2-1" | "V2-2" | "V2-5";

/** Runs a V2 case on `part` and returns what breaks invariant `id`, if anything. */
export function judgeV2Case<S>(
  part: V2NodeUnderTest<S>,
  c: V2Case,
  id: V2SingleId,
): string | undefined {
  const n = driven("A", part.init({ spec: V2_SPEC, stamp: v2Ids().a, epochMs: NODE_EPOCH_MS }));
  const step: Stepper<S, V2Message> = (s, i, ctx) => part.step(s, i, ctx);
  let lastPublished: Stamp | undefined;
  let failure: string | undefined;

  const observe = (input: NodeInput<V2Message>, at: number): void => {
    const s0 = part.stamp(n.state);
    const acc0 = part.lastAccepted(n.state);
    const effects = drive(step, n, input, at);
    const s1 = part.stamp(n.state);
    const acc1 = part.lastAccepted(n.state);
    const what =
      input.kind === "message" ? `${input.msg.type} from ${input.from}` : `${input.kind}`;
    if (id === "V2-1") {
      if (s0 !== null && (s1 === null || !itc.leq(s0, s1)))
        failure ??= `at ${at} ms, on ${what}, A's stamp went from ${showStamp(s0)} back to ${showStamp(s1)}`;
      for (const m of published(effects)) {
        if (m.type !== "commitment" && m.type !== "allocation") continue;
        if (lastPublished !== undefined && !itc.leq(lastPublished, m.stamp))
          failure ??= `at ${at} ms, A published ${m.type} stamped ${showStamp(m.stamp)} after one stamped ${showStamp(lastPublished)}`;
        lastPublished = m.stamp;
      }
    }
    if (input.kind !== "message") return;
    const m = input.msg;
    if (m.type !== "commitment" && m.type !== "allocation") return;
    const age = at - (m.timestamp - NODE_EPOCH_MS);
    if (id === "V2-5" && age > V2_FRESHNESS_MS) {
      if (!sameStamp(s0, s1))
        failure ??= `at ${at} ms, a ${m.type} from ${input.from} ${age} ms old changed A's stamp from ${showStamp(s0)} to ${showStamp(s1)}`;
      if (!sameStampMap(acc0, acc1))
        failure ??= `at ${at} ms, a ${m.type} from ${input.from} ${age} ms old was accepted (lastAccepted ${input.from}: ${showStamp(acc0[input.from])} → ${showStamp(acc1[input.from])})`;
    }
    if (id === "V2-2" && age < V2_FRESHNESS_MS && m.type === "commitment") {
      const last = acc0[input.from];
      const after = acc1[input.from];
      const stale = last !== undefined && itc.leq(m.stamp, last);
      if (!stale && !sameStamp(after, m.stamp))
        failure ??= `at ${at} ms, A treated ${input.from}'s commitment stamped ${showStamp(m.stamp)} as stale, but it is not ≤ the last accepted from ${input.from} (${showStamp(last)}); lastAccepted is now ${showStamp(after)}`;
      if (stale && !sameStamp(m.stamp, last) && !sameStamp(after, last))
        failure ??= `at ${at} ms, A accepted ${input.from}'s commitment stamped ${showStamp(m.stamp)}, ≤ the last accepted from ${input.from} (${showStamp(last)}); lastAccepted is now ${showStamp(after)}`;
    }
  };

  observe({ kind: "start" }, 0);
  for (const s of c.steps) {
    if (failure !== undefined) break;
    if (s.kind === "tick") tick(n, s.at, (input, due) => observe(input, due));
    else observe({ kind: "message", from: s.from, msg: s.msg }, s.at);
  }
  return failure;
}

// ---------------------------------------------------------------------------------------------
// V2-4: a sponsor S and one or two newcomers joining through it

type V2JoinOp =
  | { readonly op: "deliver" | "duplicate" | "drop"; readonly k: number }
  | { readonly op: "tick"; readonly dt: number };

/** A schedule over the messages in flight among S and its newcomers. */
export interface V2JoinCase {
  readonly newcomers: number;
  readonly ops: readonly V2JoinOp[];
}

export const arbV2JoinCase: fc.Arbitrary<V2JoinCase> = fc.record({
  newcomers: fc.integer({ min: 1, max: 2 }),
  ops: fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          op: fc.constantFrom("deliver" as const, "duplicate" as const, "drop" as const),
          k: fc.nat(20),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant("tick" as const),
          dt: fc.constantFrom(50, 200, 1_100, 20_000),
        }),
      },
    ),
    { maxLength: 25 },
  ),
});

/** Runs a V2-4 case on `part` and returns what breaks V2-4, if anything. */
export function judgeV2JoinCase<S>(part: V2NodeUnderTest<S>, c: V2JoinCase): string | undefined {
  const sponsorId = itc.fork(itc.seed())[0];
  const names = ["S", ...Array.from({ length: c.newcomers }, (_, i) => `N${i + 1}`)];
  const nodes = new Map<string, Driven<S>>();
  nodes.set(
    "S",
    driven(
      "S",
      part.init({
        spec: {
          pubKey: "S",
          capacity_slots: [{ id: "s", quantity: 10 }],
          need_slots: [],
          recognition_weights: { X: 1 },
        },
        stamp: sponsorId,
        epochMs: NODE_EPOCH_MS,
      }),
    ),
  );
  for (const name of names.slice(1))
    nodes.set(
      name,
      driven(
        name,
        part.init({
          spec: {
            pubKey: name,
            capacity_slots: [],
            need_slots: [{ id: "n", quantity: 5 }],
            recognition_weights: { S: 1 },
          },
          stamp: null,
          sponsor: "S",
          epochMs: NODE_EPOCH_MS,
        }),
      ),
    );
  const step: Stepper<S, V2Message> = (s, i, ctx) => part.step(s, i, ctx);
  const inFlight: { from: string; to: string; msg: V2Message }[] = [];
  let failure: string | undefined;
  let t = 0;

  const checkIds = (after: string): void => {
    const held: [string, Stamp][] = [];
    for (const name of names) {
      const s = part.stamp((nodes.get(name) as Driven<S>).state);
      if (s !== null) held.push([name, s]);
    }
    for (const [name, s] of held) {
      if (name !== "S" && !idWithin(s.id, sponsorId.id))
        failure ??= `after ${after}, ${name}'s id ${showStamp(s)} is not part of its sponsor's id ${showStamp(sponsorId)}`;
      for (const [other, o] of held)
        if (name < other && !disjoint(s.id, o.id))
          failure ??= `after ${after}, the ids of ${name} (${showStamp(s)}) and ${other} (${showStamp(o)}) overlap`;
    }
  };

  const observe = (name: string, input: NodeInput<V2Message>, at: number): void => {
    const n = nodes.get(name) as Driven<S>;
    for (const e of drive(step, n, input, at)) {
      if (e.kind === "send" && nodes.has(e.to)) inFlight.push({ from: name, to: e.to, msg: e.msg });
      else if (e.kind === "broadcast")
        for (const other of names)
          if (other !== name) inFlight.push({ from: name, to: other, msg: e.msg });
    }
    checkIds(
      `${name}'s ${input.kind === "message" ? `${input.msg.type} from ${input.from}` : input.kind === "timer" ? `timer ${input.name}` : "start"} at ${at} ms`,
    );
  };
  const deliver = (k: number, remove: boolean): void => {
    if (inFlight.length === 0) return;
    const i = k % inFlight.length;
    const m = inFlight[i] as (typeof inFlight)[number];
    if (remove) inFlight.splice(i, 1);
    observe(m.to, { kind: "message", from: m.from, msg: m.msg }, t);
  };
  const tickAll = (): void => {
    for (const name of names)
      tick(nodes.get(name) as Driven<S>, t, (input, due) => observe(name, input, due));
  };

  for (const name of names) observe(name, { kind: "start" }, 0);
  for (const o of c.ops) {
    if (failure !== undefined) return failure;
    if (o.op === "tick") {
      t += o.dt;
      tickAll();
    } else if (o.op === "drop") {
      if (inFlight.length > 0) inFlight.splice(o.k % inFlight.length, 1);
    } else deliver(o.k, o.op === "deliver");
  }
  // Then the network heals: every message is delivered and retries get through.
  for (let round = 0; round < 4 && failure === undefined; round++) {
    t += 1_100;
    tickAll();
    for (let i = 0; inFlight.length > 0 && failure === undefined; i++) {
      if (i > 1_000) return "more than 1 000 messages in flight after the network healed";
      deliver(0, true);
    }
  }
  if (failure !== undefined) return failure;
  const sponsor = nodes.get("S") as Driven<S>;
  for (const name of names.slice(1)) {
    if (part.stamp((nodes.get(name) as Driven<S>).state) === null)
      return `${name} never got an id from its sponsor S, though the network healed`;
    const w = part.declaration(sponsor.state).recognition_weights[name];
    if (w === undefined || !(w > 0))
      return `the sponsor S does not recognise ${name} (recognition_weights[${name}] = ${String(w)})`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// V1: one node a and its peers (V1-1, V1-2)

/** One step of a V1 case: a peer's publication reaches a at `at`, or a's due timers fire. */
export type V1Step =
  | {
      readonly kind: "deliver";
      readonly at: number;
      readonly from: string;
      readonly msg: V1Message;
    }
  | { readonly kind: "tick"; readonly at: number };

export interface V1Case {
  readonly threshold: number;
  readonly steps: readonly V1Step[];
}

const V1_PEERS = ["b", "c", "d", "e", "f"] as const;

const V1_SPEC: ParticipantSpec = {
  pubKey: "a",
  capacity_slots: [{ id: "s", quantity: 10 }],
  need_slots: [{ id: "n", quantity: 5 }],
  recognition_weights: { b: 1, c: 1, d: 1 },
};

type V1Op =
  | {
      readonly op: "publish";
      readonly peer: number;
      readonly kind: "round-state" | "commitment" | "results";
      /** Rounds it moves ahead of its previous publication (a peer's rounds never go back). */
      readonly ahead: number;
      readonly sees: boolean;
      readonly dt: number;
    }
  | { readonly op: "again"; readonly k: number; readonly dt: number }
  | { readonly op: "tick"; readonly dt: number };

function v1CaseOf(threshold: number, peers: number, ops: readonly V1Op[]): V1Case {
  const clocks: VClock[] = V1_PEERS.map(() => vclock.empty());
  const rounds: number[] = V1_PEERS.map(() => 0);
  const made: { from: string; msg: V1Message }[] = [];
  const steps: V1Step[] = [];
  let t = 0;
  for (const o of ops) {
    t += o.dt;
    if (o.op === "tick") {
      steps.push({ kind: "tick", at: t });
    } else if (o.op === "again") {
      const m = made[o.k % Math.max(1, made.length)];
      if (m !== undefined) steps.push({ kind: "deliver", at: t, ...m });
    } else {
      const p = o.peer % peers;
      const from = V1_PEERS[p] as string;
      let vc = clocks[p] as VClock;
      if (o.sees) for (let j = 0; j < peers; j++) vc = vclock.join(vc, clocks[j] as VClock);
      vc = vclock.event(vc, from);
      clocks[p] = vc;
      const round = (rounds[p] as number) + o.ahead;
      rounds[p] = round;
      const timestamp = NODE_EPOCH_MS + t;
      const msg: V1Message =
        o.kind === "round-state"
          ? { type: "round-state", round, vc }
          : o.kind === "commitment"
            ? { type: "commitment", round, decl: declOf(from, 1 + (round % 7), "a"), vc, timestamp }
            : {
                type: "results",
                round,
                grants: { a: { n: 1 + (round % 5) } },
                denominators: {},
                converged: false,
                vc,
                timestamp,
              };
      made.push({ from, msg });
      steps.push({ kind: "deliver", at: t, from, msg });
    }
  }
  return { threshold, steps };
}

/** `roundStatesOnly`: V1-2's cases (round states only, no ticks, all within 60 s). */
export function arbV1Case(roundStatesOnly: boolean): fc.Arbitrary<V1Case> {
  const dt = roundStatesOnly
    ? fc.integer({ min: 0, max: 2_000 })
    : fc.constantFrom(0, 10, 1_000, 30_000, 90_000);
  const publish = fc.record({
    op: fc.constant("publish" as const),
    peer: fc.nat(4),
    kind: roundStatesOnly
      ? fc.constant("round-state" as const)
      : fc.constantFrom("round-state" as const, "commitment" as const, "results" as const),
    ahead: fc.constantFrom(0, 1, 2),
    sees: fc.boolean(),
    dt,
  });
  const again = fc.record({ op: fc.constant("again" as const), k: fc.nat(30), dt });
  const tickOp = fc.record({ op: fc.constant("tick" as const), dt });
  const op: fc.Arbitrary<V1Op> = roundStatesOnly
    ? fc.oneof({ weight: 4, arbitrary: publish }, { weight: 1, arbitrary: again })
    : fc.oneof(
        { weight: 3, arbitrary: publish },
        { weight: 1, arbitrary: again },
        { weight: 2, arbitrary: tickOp },
      );
  return fc
    .record({
      threshold: fc.constantFrom(0.5, 1, 0.25),
      peers: fc.integer({ min: 1, max: 5 }),
      ops: fc.array(op, { minLength: 1, maxLength: roundStatesOnly ? 25 : 30 }),
    })
    .map(({ threshold, peers, ops }) => v1CaseOf(threshold, peers, ops));
}

type V1Id = "V1-1" | "V1-2";

/** Runs a V1 case on `part` and returns what breaks invariant `id`, if anything. */
export function judgeV1Case<S>(part: V1NodeUnderTest<S>, c: V1Case, id: V1Id): string | undefined {
  const n = driven(
    "a",
    part.init({ spec: V1_SPEC, threshold: c.threshold, epochMs: NODE_EPOCH_MS }),
  );
  const step: Stepper<S, V1Message> = (s, i, ctx) => part.step(s, i, ctx);
  const peerRound = new Map<string, number>();
  let lastRoundState: VClock | undefined;
  let failure: string | undefined;

  const observe = (input: NodeInput<V1Message>, at: number): void => {
    const c0 = part.clock(n.state);
    const r0 = part.round(n.state);
    if (input.kind === "message" && input.msg.type === "round-state")
      peerRound.set(input.from, Math.max(input.msg.round, peerRound.get(input.from) ?? 0));
    const effects = drive(step, n, input, at);
    const c1 = part.clock(n.state);
    const r1 = part.round(n.state);
    const what =
      input.kind === "message"
        ? `${input.msg.type} from ${input.from}`
        : input.kind === "timer"
          ? `timer ${input.name}`
          : "start";
    if (id === "V1-1") {
      if (!vclock.leq(c0, c1))
        failure ??= `at ${at} ms, on ${what}, a's clock went from ${JSON.stringify(c0)} back to ${JSON.stringify(c1)}`;
      if (r1 < r0) failure ??= `at ${at} ms, on ${what}, a went from round ${r0} back to ${r1}`;
      let announced = false;
      for (const m of published(effects)) {
        if (m.type !== "round-state") continue;
        announced ||= m.round === r1;
        const own = vclock.get(m.vc, "a");
        if (own <= vclock.get(c0, "a"))
          failure ??= `at ${at} ms, on ${what}, a published round ${m.round} with its counter at ${own}, not incremented past ${vclock.get(c0, "a")}`;
        if (lastRoundState !== undefined && own <= vclock.get(lastRoundState, "a"))
          failure ??= `at ${at} ms, a published round ${m.round} with its counter at ${own}, not past its previous round's ${vclock.get(lastRoundState, "a")}`;
        lastRoundState = m.vc;
      }
      if ((input.kind === "start" || r1 > r0) && !announced)
        failure ??= `at ${at} ms, on ${what}, a entered round ${r1} without publishing its round state`;
    }
    if (id === "V1-2" && input.kind === "message" && input.msg.type === "round-state") {
      const rounds = [...peerRound.values()].sort((x, y) => y - x);
      const need = Math.max(1, Math.ceil(c.threshold * rounds.length));
      const reached = rounds[need - 1] ?? 0;
      const ahead = rounds.filter((r) => r > r0).length;
      const highest = rounds[0] ?? 0;
      if (reached > r0 && (r1 < reached || r1 > highest))
        failure ??= `at ${at} ms, ${ahead} of a's ${rounds.length} active peers are past its round ${r0} (threshold ${c.threshold}; ${need} of them reached round ${reached}), but it is in round ${r1}`;
      if (reached <= r0 && r1 !== r0)
        failure ??= `at ${at} ms, a moved from round ${r0} to ${r1} on a round state from ${input.from}, though only ${ahead} of its ${rounds.length} active peers are past it (threshold ${c.threshold})`;
    }
  };

  observe({ kind: "start" }, 0);
  for (const s of c.steps) {
    if (failure !== undefined) break;
    if (s.kind === "tick") tick(n, s.at, (input, due) => observe(input, due));
    else observe({ kind: "message", from: s.from, msg: s.msg }, s.at);
  }
  return failure;
}

// ---------------------------------------------------------------------------------------------
// The properties

const V2_TITLES = {
  "V2-1":
    "a V2 node's stamp (and the stamps it publishes) never go backwards, under deliveries, duplicates, reordering and timers",
  "V2-2":
    "a fresh commitment is treated as stale if and only if its stamp is ≤ the last one accepted from that peer",
  "V2-4":
    "a newcomer's id is forked from its sponsor's (ids stay disjoint) and the sponsor recognises it",
  "V2-5":
    "publications older than the 60 s freshness window are ignored (stamp and acceptance unchanged)",
} as const;

const V1_TITLES = {
  "V1-1":
    "a V1 node increments its clock before publishing each round it enters; its clock and round never go back",
  "V1-2":
    "a V1 node advances on a round state exactly when at least the threshold of its active peers are in a later round",
} as const;

export const NODE_PROPERTY_IDS = [
  ...(Object.keys(V2_TITLES) as (keyof typeof V2_TITLES)[]),
  ...(Object.keys(V1_TITLES) as (keyof typeof V1_TITLES)[]),
];

/** The V2 properties of a `node.v2` part. */
export function v2NodeProperties<S>(
  part: V2NodeUnderTest<S>,
  name = "implementation",
): InvariantProperty[] {
  const single = (id: V2SingleId): InvariantProperty => ({
    id,
    suite: "nodes",
    title: V2_TITLES[id],
    numRuns: 100,
    build: () =>
      fc.property(arbV2Case, (c) => {
        const v = judgeV2Case(part, c, id);
        if (v !== undefined) throw new Error(`${id} violated by ${name}: ${v}`);
      }),
  });
  return [
    single("V2-1"),
    single("V2-2"),
    {
      id: "V2-4",
      suite: "nodes",
      title: V2_TITLES["V2-4"],
      numRuns: 100,
      build: () =>
        fc.property(arbV2JoinCase, (c) => {
          const v = judgeV2JoinCase(part, c);
          if (v !== undefined) throw new Error(`V2-4 violated by ${name}: ${v}`);
        }),
    },
    single("V2-5"),
  ];
}

/** The V1 properties of a `node.v1` part. */
export function v1NodeProperties<S>(
  part: V1NodeUnderTest<S>,
  name = "implementation",
): InvariantProperty[] {
  return (Object.keys(V1_TITLES) as V1Id[]).map((id) => ({
    id,
    suite: "nodes",
    title: V1_TITLES[id],
    numRuns: 100,
    build: () =>
      fc.property(arbV1Case(id === "V1-2"), (c) => {
        const v = judgeV1Case(part, c, id);
        if (v !== undefined) throw new Error(`${id} violated by ${name}: ${v}`);
      }),
  }));
}
