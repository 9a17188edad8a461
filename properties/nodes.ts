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
import { reduceJoinArguments, reduceScheduleArguments } from "./minimise.js";
import type { InvariantProperty } from "./property.js";
import type { NodeStepResult, V1NodeUnderTest, V2NodeUnderTest } from "./under-test.js";
import { violation } from "./violation.js";

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
// V2: one node A and its peers publishing to it (V2-1, V2-2, V2-5)

/** One step of a case: a peer's publication `msg` reaches the node at `at`, or its due timers fire. */
export type NodeStep<M> =
  | {
      readonly kind: "deliver";
      readonly at: number;
      readonly from: string;
      readonly msg: M;
    }
  | { readonly kind: "tick"; readonly at: number };

/** One step of a V2 case: a peer's publication reaches A at `at`, or A's due timers fire. */
export type V2Step = NodeStep<V2Message>;

export interface V2Case {
  /** A's peers (3, or 20–30 in a crowded case); A recognises them all. */
  readonly peers: readonly string[];
  readonly steps: readonly V2Step[];
}

/** The names of `n` peers of A. */
export function v2PeerNames(n: number): string[] {
  return n <= 3 ? ["B", "C", "D"].slice(0, n) : Array.from({ length: n }, (_, k) => `P${k}`);
}

function v2Spec(peers: readonly string[]): ParticipantSpec {
  return {
    pubKey: "A",
    capacity_slots: [{ id: "s", quantity: 10 }],
    need_slots: [{ id: "n", quantity: 5 }],
    recognition_weights: Object.fromEntries(peers.map((p) => [p, 1])),
  };
}

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

/** A's stamp and its `n` peers' (disjoint ids, forked from one seed). */
function v2Ids(n: number): { a: Stamp; peers: Stamp[] } {
  const [a, rest] = itc.fork(itc.seed());
  const peers: Stamp[] = [];
  let r = rest;
  for (let k = 0; k < n - 1; k++) {
    const [x, y] = itc.fork(r);
    peers.push(x);
    r = y;
  }
  peers.push(r);
  return { a, peers };
}

type V2Op =
  | {
      readonly op: "publish";
      readonly peer: number;
      /** Peers whose latest publication it saw first (their stamps are joined into its own). */
      readonly sees: readonly number[];
      readonly allocation: boolean;
      readonly need: number;
      /** How old the publication already is when it is made (ms; negative: a clock ahead). */
      readonly age: number;
      /** Delivered at once, or only by a later `again`. */
      readonly deliver: boolean;
    }
  /** Delivers an earlier publication again (a duplicate, or late: reordered). */
  | { readonly op: "again"; readonly k: number }
  /** Delivers the latest publication again at once (a network duplicate). */
  | { readonly op: "twice" }
  /** Delivers a publication that was held back (the oldest or the newest): it arrives late. */
  | { readonly op: "late"; readonly newest: boolean }
  /**
   * Another peer publishes, having seen the newest held-back publication, and is delivered
   * first; then the held-back one arrives: A learnt of it transitively before it came.
   */
  | { readonly op: "relay"; readonly peer: number; readonly need: number }
  | { readonly op: "tick"; readonly dt: number };

/** Ages at and next to the 60 s freshness window, and well inside and outside it. */
const arbAge = fc.oneof(
  { arbitrary: fc.constant(0), weight: 6 },
  {
    arbitrary: fc.constantFrom(59_999, V2_FRESHNESS_MS, 60_001),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(5_000, 59_000, 61_000, 300_000, -1_000), weight: 2 },
);

/** Ticks: the debounce (100 ms) and heartbeat (20 s) edges, and long gaps. */
const arbTick = fc.constantFrom(50, 99, 100, 101, 1_000, 19_999, 20_000, 45_000);

function arbV2Op(peers: number): fc.Arbitrary<V2Op> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant("publish" as const),
        peer: fc.nat(peers - 1),
        sees: fc.uniqueArray(fc.nat(peers - 1), { maxLength: 2 }),
        allocation: fc.boolean(),
        need: fc.integer({ min: 1, max: 9 }),
        age: arbAge,
        deliver: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("again" as const), k: fc.nat(40) }) },
    { weight: 1, arbitrary: fc.constant({ op: "twice" as const }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant("late" as const), newest: fc.boolean() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("relay" as const),
        peer: fc.nat(peers - 1),
        need: fc.integer({ min: 1, max: 9 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("tick" as const), dt: arbTick }) },
  );
}

function v2CaseOf(peerCount: number, ops: readonly V2Op[]): V2Case {
  const peers = v2PeerNames(peerCount);
  const stamps = v2Ids(peerCount).peers;
  const made: { from: string; msg: V2Message }[] = [];
  const held: { from: string; msg: V2Message }[] = [];
  const steps: V2Step[] = [];
  let t = 0;
  for (const o of ops) {
    if (o.op === "tick") {
      t += o.dt;
      steps.push({ kind: "tick", at: t });
    } else if (o.op === "late") {
      const m = o.newest ? held.pop() : held.shift();
      if (m !== undefined) steps.push({ kind: "deliver", at: t, ...m });
    } else if (o.op === "relay") {
      const m = held.pop();
      if (m === undefined) continue;
      const k = o.peer === peers.indexOf(m.from) ? (o.peer + 1) % peers.length : o.peer;
      const from = peers[k] as string;
      const st = itc.event(
        itc.join(stamps[k] as Stamp, itc.peek((m.msg as { readonly stamp: Stamp }).stamp)),
      );
      stamps[k] = st;
      const msg: V2Message = {
        type: "commitment",
        decl: declOf(from, o.need, "A"),
        stamp: st,
        timestamp: NODE_EPOCH_MS + t,
      };
      made.push({ from, msg });
      steps.push({ kind: "deliver", at: t, from, msg }, { kind: "deliver", at: t, ...m });
    } else if (o.op === "again" || o.op === "twice") {
      const m = o.op === "twice" ? made[made.length - 1] : made[o.k % Math.max(1, made.length)];
      if (m !== undefined) steps.push({ kind: "deliver", at: t, ...m });
    } else {
      const from = peers[o.peer] as string;
      let st = stamps[o.peer] as Stamp;
      for (const j of o.sees) if (j !== o.peer) st = itc.join(st, itc.peek(stamps[j] as Stamp));
      st = itc.event(st);
      stamps[o.peer] = st;
      // Timestamps are positive epoch ms (SPEC §1).
      const timestamp = Math.max(1, NODE_EPOCH_MS + t - o.age);
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
      else held.push({ from, msg });
    }
  }
  return { peers, steps };
}

/** V2 cases: three peers (sometimes 20–30), up to 30 steps of publications, duplicates and ticks. */
export const arbV2Case: fc.Arbitrary<V2Case> = fc
  .oneof(
    { arbitrary: fc.constant(3), weight: 5 },
    { arbitrary: fc.integer({ min: 20, max: 30 }), weight: 1 },
  )
  .chain((n) =>
    fc.array(arbV2Op(n), { minLength: 1, maxLength: 30 }).map((ops) => v2CaseOf(n, ops)),
  );

type V2SingleId = "V2-1" | "V2-2" | "V2-5";

/** A node's effects that are more than logs: what it sends, broadcasts or schedules. */
function visible<M>(effects: readonly NodeEffect<M>[]): string[] {
  const out: string[] = [];
  for (const e of effects)
    if (e.kind === "send") out.push(`send to ${e.to}`);
    else if (e.kind === "broadcast")
      out.push(`broadcast ${(e.msg as { type?: string }).type ?? ""}`);
    else if (e.kind === "setTimer") out.push(`set timer ${e.name}`);
    else if (e.kind === "cancelTimer") out.push(`cancel timer ${e.name}`);
  return out;
}

/**
 * Runs a V2 case on `part` and returns the first failure of invariant `id`: its class and what
 * happened. A ghost decides, per SPEC §13, which publications A must accept: those less than
 * 60 s old (age = A's time − timestamp < 60 000 ms) whose stamp is not ≤ the last one A accepted
 * from that peer for that kind of publication.
 */
export function judgeV2Case<S>(
  part: V2NodeUnderTest<S>,
  c: V2Case,
  id: V2SingleId,
): { code: string; message: string } | undefined {
  const ids = v2Ids(c.peers.length);
  const n = driven("A", part.init({ spec: v2Spec(c.peers), stamp: ids.a, epochMs: NODE_EPOCH_MS }));
  const step: Stepper<S, V2Message> = (s, i, ctx) => part.step(s, i, ctx);
  let lastPublished: Stamp | undefined;
  let failure: { code: string; message: string } | undefined;
  const fail = (code: string, message: string) => {
    failure ??= { code, message };
  };
  // The ghost: the last publication of each kind A must have accepted from each peer, and the
  // join of every accepted stamp (A's stamp must include them).
  const lastCommit = new Map<string, Stamp>();
  const lastAlloc = new Map<string, Stamp>();
  let known: Stamp = itc.peek(ids.a);

  const observe = (input: NodeInput<V2Message>, at: number): void => {
    const s0 = part.stamp(n.state);
    const acc0 = part.lastAccepted(n.state);
    const decl0 = JSON.stringify(part.declaration(n.state));
    const effects = drive(step, n, input, at);
    const s1 = part.stamp(n.state);
    const acc1 = part.lastAccepted(n.state);
    const what =
      input.kind === "message"
        ? `${input.msg.type} from ${input.from}`
        : input.kind === "timer"
          ? `timer ${input.name}`
          : "start";
    if (id === "V2-1") {
      if (s0 !== null && (s1 === null || !itc.leq(s0, s1)))
        fail(
          "stamp-went-back",
          `at ${at} ms, on ${what}, A's stamp went from ${showStamp(s0)} back to ${showStamp(s1)}`,
        );
      let stepStamp: Stamp | undefined;
      for (const m of published(effects)) {
        if (m.type !== "commitment" && m.type !== "allocation") continue;
        if (!sameId(m.stamp.id, ids.a.id))
          fail(
            "published-stamp-wrong-id",
            `at ${at} ms, A published a ${m.type} stamped ${showStamp(m.stamp)}, not with its own id ${showStamp(ids.a)}`,
          );
        if (!itc.leq(known, m.stamp))
          fail(
            "published-stamp-misses-accepted",
            `at ${at} ms, A published a ${m.type} stamped ${showStamp(m.stamp)}, which does not include the publications it accepted (their join is ${showStamp(known)})`,
          );
        // Publications of one step may share a stamp; each step's are after the previous step's.
        if (stepStamp !== undefined && sameStamp(stepStamp, m.stamp)) continue;
        if (
          lastPublished !== undefined &&
          (!itc.leq(lastPublished, m.stamp) || itc.leq(m.stamp, lastPublished))
        )
          fail(
            "published-stamp-not-increasing",
            `at ${at} ms, A published a ${m.type} stamped ${showStamp(m.stamp)} after one stamped ${showStamp(lastPublished)}: it must increment its stamp before publishing`,
          );
        lastPublished = m.stamp;
        stepStamp = m.stamp;
      }
    }
    if (input.kind !== "message") return;
    const m = input.msg;
    if (m.type !== "commitment" && m.type !== "allocation") return;
    const age = at - (m.timestamp - NODE_EPOCH_MS);
    const fresh = age < V2_FRESHNESS_MS;
    const book = m.type === "commitment" ? lastCommit : lastAlloc;
    const last = book.get(input.from);
    const stale = last !== undefined && itc.leq(m.stamp, last);
    const about = `at ${at} ms, ${input.from}'s ${m.type} stamped ${showStamp(m.stamp)} (${age} ms old`;
    const ignoredChanged = (): string | undefined => {
      const seen = visible(effects);
      if (seen.length > 0) return `effects: ${seen.join(", ")}`;
      if (!sameStamp(s0, s1)) return `stamp ${showStamp(s0)} → ${showStamp(s1)}`;
      if (!sameStampMap(acc0, acc1))
        return `lastAccepted ${input.from}: ${showStamp(acc0[input.from])} → ${showStamp(acc1[input.from])}`;
      if (JSON.stringify(part.declaration(n.state)) !== decl0) return "its declaration changed";
      return undefined;
    };
    if (!fresh) {
      if (id === "V2-5") {
        const changed = ignoredChanged();
        if (changed !== undefined)
          fail(
            changed.startsWith("effects") ? "expired-accepted:effects" : "expired-accepted:state",
            `${about}, at or past the 60 s window) must be ignored, but A reacted (${changed})`,
          );
      }
      return;
    }
    if (stale) {
      if (id === "V2-2") {
        const changed = ignoredChanged();
        if (changed !== undefined)
          fail(
            changed.startsWith("effects") ? "stale-accepted:effects" : "stale-accepted:state",
            `${about}) is ≤ the last ${m.type} accepted from ${input.from} (${showStamp(last)}), so it is stale and must be ignored, but A reacted (${changed})`,
          );
      }
      return;
    }
    // Fresh and not stale: A must accept it.
    book.set(input.from, m.stamp);
    known = itc.join(known, itc.peek(m.stamp));
    if (id === "V2-2" && m.type === "commitment" && !sameStamp(acc1[input.from], m.stamp))
      fail(
        "fresh-update-treated-as-stale",
        `${about}) is not ≤ the last commitment accepted from ${input.from} (${showStamp(last)}), but A did not accept it: lastAccepted is ${showStamp(acc1[input.from])}`,
      );
    if (id === "V2-2" && s1 !== null && !itc.leq(m.stamp, s1))
      fail(
        "accepted-not-joined",
        `${about}) must be accepted and joined into A's stamp, but A's stamp ${showStamp(s1)} does not include it`,
      );
  };

  observe({ kind: "start" }, 0);
  for (const st of c.steps) {
    if (failure !== undefined) break;
    if (st.kind === "tick") tick(n, st.at, (input, due) => observe(input, due));
    else observe({ kind: "message", from: st.from, msg: st.msg }, st.at);
  }
  return failure;
}

const sameId = (a: Id, b: Id): boolean =>
  itc.equals({ id: a, event: 0 } as Stamp, { id: b, event: 0 } as Stamp);

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
          dt: fc.constantFrom(50, 200, 999, 1_000, 1_001, 1_100, 20_000),
        }),
      },
    ),
    { maxLength: 25 },
  ),
});

/** Runs a V2-4 case on `part` and returns what breaks V2-4, if anything. */
export function judgeV2JoinCase<S>(
  part: V2NodeUnderTest<S>,
  c: V2JoinCase,
): { code: string; message: string } | undefined {
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
  let failure: { code: string; message: string } | undefined;
  const fail = (code: string, message: string) => {
    failure ??= { code, message };
  };
  let t = 0;

  const checkIds = (after: string): void => {
    const held: [string, Stamp][] = [];
    for (const name of names) {
      const s = part.stamp((nodes.get(name) as Driven<S>).state);
      if (s !== null) held.push([name, s]);
    }
    for (const [name, s] of held) {
      if (name !== "S" && !idWithin(s.id, sponsorId.id))
        fail(
          "newcomer-id-not-from-sponsor",
          `after ${after}, ${name}'s id ${showStamp(s)} is not part of its sponsor's id ${showStamp(sponsorId)}`,
        );
      for (const [other, o] of held)
        if (name < other && !disjoint(s.id, o.id))
          fail(
            "ids-overlap",
            `after ${after}, the ids of ${name} (${showStamp(s)}) and ${other} (${showStamp(o)}) overlap`,
          );
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
      if (i > 1_000)
        return {
          code: "message-storm",
          message: "more than 1 000 messages in flight after the network healed",
        };
      deliver(0, true);
    }
  }
  if (failure !== undefined) return failure;
  const sponsor = nodes.get("S") as Driven<S>;
  for (const name of names.slice(1)) {
    if (part.stamp((nodes.get(name) as Driven<S>).state) === null)
      return {
        code: "newcomer-never-joined",
        message: `${name} never got an id from its sponsor S, though the network healed`,
      };
    const w = part.declaration(sponsor.state).recognition_weights[name];
    if (w === undefined || !(w > 0))
      return {
        code: "sponsor-does-not-recognise-newcomer",
        message: `the sponsor S does not recognise ${name} (recognition_weights[${name}] = ${String(w)})`,
      };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// V1: one node a and its peers (V1-1, V1-2)

/** One step of a V1 case: a peer's publication reaches a at `at`, or a's due timers fire. */
export type V1Step = NodeStep<V1Message>;

export interface V1Case {
  readonly threshold: number;
  /** How many peers publish (up to 5, sometimes 20). */
  readonly peers: number;
  readonly steps: readonly V1Step[];
}

/** V1's freshness window (SPEC §13, Decision: two rounds of 90 s): peers heard from within it are active. */
export const V1_FRESHNESS_MS = 180_000;

const v1PeerName = (k: number): string =>
  k < 5 ? (["b", "c", "d", "e", "f"][k] as string) : `q${k}`;

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
  const clocks: VClock[] = Array.from({ length: peers }, () => vclock.empty());
  const rounds: number[] = Array.from({ length: peers }, () => 0);
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
      const from = v1PeerName(p);
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
  return { threshold, peers, steps };
}

/**
 * `roundStatesOnly`: V1-2's cases — round states only and no ticks (no round timer fires), with
 * gaps at and next to the 180 s freshness window so that peers become inactive.
 */
export function arbV1Case(roundStatesOnly: boolean): fc.Arbitrary<V1Case> {
  const dt = roundStatesOnly
    ? fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 2_000 }), weight: 12 },
        { arbitrary: fc.constantFrom(90_000, 179_999, V1_FRESHNESS_MS, 180_001), weight: 1 },
      )
    : fc.constantFrom(0, 10, 1_000, 30_000, 90_000);
  const publish = fc.record({
    op: fc.constant("publish" as const),
    peer: fc.nat(49),
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
      // Thresholds whose fraction of 2, 3 or 4 peers is a whole number: "at least" is exact.
      threshold: fc.constantFrom(0.5, 1, 0.25, 0.75, 1 / 3, 2 / 3),
      peers: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 6 },
        { arbitrary: fc.constant(20), weight: 1 },
      ),
      ops: fc.array(op, { minLength: 1, maxLength: roundStatesOnly ? 30 : 30 }),
    })
    .map(({ threshold, peers, ops }) => v1CaseOf(threshold, peers, ops));
}

type V1Id = "V1-1" | "V1-2";

/** Runs a V1 case on `part` and returns the first failure of invariant `id`: its class and what happened. */
export function judgeV1Case<S>(
  part: V1NodeUnderTest<S>,
  c: V1Case,
  id: V1Id,
): { code: string; message: string } | undefined {
  const n = driven(
    "a",
    part.init({ spec: V1_SPEC, threshold: c.threshold, epochMs: NODE_EPOCH_MS }),
  );
  const step: Stepper<S, V1Message> = (s, i, ctx) => part.step(s, i, ctx);
  /** Each peer's highest round announced and when a round state from it last arrived. */
  const peerRound = new Map<string, { round: number; at: number }>();
  let lastRoundState: VClock | undefined;
  let failure: { code: string; message: string } | undefined;
  const fail = (code: string, message: string) => {
    failure ??= { code, message };
  };

  const observe = (input: NodeInput<V1Message>, at: number): void => {
    const c0 = part.clock(n.state);
    const r0 = part.round(n.state);
    if (input.kind === "message" && input.msg.type === "round-state")
      peerRound.set(input.from, {
        round: Math.max(input.msg.round, peerRound.get(input.from)?.round ?? 0),
        at,
      });
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
        fail(
          "clock-went-back",
          `at ${at} ms, on ${what}, a's clock went from ${JSON.stringify(c0)} back to ${JSON.stringify(c1)}`,
        );
      if (r1 < r0)
        fail("round-went-back", `at ${at} ms, on ${what}, a went from round ${r0} back to ${r1}`);
      let announced = false;
      for (const m of published(effects)) {
        if (m.type !== "round-state") continue;
        announced ||= m.round === r1;
        const own = vclock.get(m.vc, "a");
        if (own <= vclock.get(c0, "a"))
          fail(
            "published-without-increment",
            `at ${at} ms, on ${what}, a published round ${m.round} with its counter at ${own}, not incremented past ${vclock.get(c0, "a")}`,
          );
        if (lastRoundState !== undefined && own <= vclock.get(lastRoundState, "a"))
          fail(
            "published-without-increment",
            `at ${at} ms, a published round ${m.round} with its counter at ${own}, not past its previous round's ${vclock.get(lastRoundState, "a")}`,
          );
        lastRoundState = m.vc;
      }
      if ((input.kind === "start" || r1 > r0) && !announced)
        fail(
          "round-not-announced",
          `at ${at} ms, on ${what}, a entered round ${r1} without publishing its round state`,
        );
    }
    if (id === "V1-2" && input.kind === "message" && input.msg.type === "round-state") {
      // Active peers: a round state from them arrived less than 180 s ago.
      const active = [...peerRound.values()].filter((p) => at - p.at < V1_FRESHNESS_MS);
      const rounds = active.map((p) => p.round).sort((x, y) => y - x);
      // "At least threshold of them": the smallest whole number ≥ threshold × active (the
      // thresholds generated make that product exact up to rounding).
      const need = Math.max(1, Math.ceil(c.threshold * rounds.length - 1e-9));
      const reached = rounds[need - 1] ?? 0;
      const ahead = rounds.filter((r) => r > r0).length;
      const highest = rounds[0] ?? 0;
      const stale = peerRound.size - active.length;
      const why = `(threshold ${c.threshold}; ${rounds.length} active peer(s)${stale > 0 ? `, ${stale} silent for 180 s or more` : ""}; ${need} of them reached round ${reached})`;
      if (reached > r0 && r1 < reached)
        fail(
          "did-not-advance",
          `at ${at} ms, ${ahead} of a's active peers are past its round ${r0} ${why}, but it stayed behind, in round ${r1}`,
        );
      if (reached > r0 && r1 > highest)
        fail(
          "advanced-too-far",
          `at ${at} ms, a jumped to round ${r1}, past every active peer ${why}`,
        );
      if (reached <= r0 && r1 !== r0)
        fail(
          "advanced-below-threshold",
          `at ${at} ms, a moved from round ${r0} to ${r1} on a round state from ${input.from}, though only ${ahead} active peer(s) are past it ${why}`,
        );
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
    "a V2 node's stamp never goes back; each publication step increments it, keeps its id and includes every publication it accepted",
  "V2-2":
    "a fresh publication is ignored (no effect at all) if and only if its stamp is ≤ the last of its kind accepted from that peer; otherwise it is accepted and joined",
  "V2-4":
    "a newcomer's id is forked from its sponsor's (ids stay disjoint) and the sponsor recognises it, under duplicated, dropped and reordered messages",
  "V2-5":
    "publications 60 s old or older are ignored (no effect at all: no message, no timer, stamp and acceptance unchanged)",
} as const;

const V1_TITLES = {
  "V1-1":
    "a V1 node increments its clock before publishing each round it enters; its clock and round never go back",
  "V1-2":
    "a V1 node advances on a round state exactly when at least the threshold of its active peers (heard from within 180 s) are in a later round",
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
    reduce: reduceScheduleArguments,
    build: () =>
      fc.property(arbV2Case, (c) => {
        const v = judgeV2Case(part, c, id);
        if (v !== undefined) violation(v.code, `${id} violated by ${name}: ${v.message}`);
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
      reduce: reduceJoinArguments,
      build: () =>
        fc.property(arbV2JoinCase, (c) => {
          const v = judgeV2JoinCase(part, c);
          if (v !== undefined) violation(v.code, `V2-4 violated by ${name}: ${v.message}`);
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
    reduce: reduceScheduleArguments,
    build: () =>
      fc.property(arbV1Case(id === "V1-2"), (c) => {
        const v = judgeV1Case(part, c, id);
        if (v !== undefined) violation(v.code, `${id} violated by ${name}: ${v.message}`);
      }),
  }));
}
