/**
 * Examples that pin down what the property suites leave loose in the V1 round node (found by
 * StrykerJS, bench/mutation/equivalent.md): the default options, the exact effects of entering
 * a round and of a computation, the seed's stale rule, the damping history's bound, a peer
 * leaving, and the V1-1 check on a clock that goes backwards.
 */
import { describe, expect, it } from "vitest";
import { CONVERGENCE_EPSILON } from "../../../src/core/convergence.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  checkV1,
  DEFAULT_V1_OPTIONS,
  v1Init,
  v1Machine,
  type V1Message,
  type V1Options,
  type V1State,
} from "../../../src/core/protocols/v1-node.js";
import * as vclock from "../../../src/core/vclock.js";

const ctx = (now: number): NodeContext => ({ now, self: "a", random: () => 0 });
const spec = (id: string, capacity: number, need: number): ParticipantSpec => ({
  pubKey: id,
  capacity_slots: capacity > 0 ? [{ id: "s", quantity: capacity }] : [],
  need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
  recognition_weights: { b: 1, c: 1 },
});
const msg = (from: string, m: V1Message): NodeInput<V1Message> => ({
  kind: "message",
  from,
  msg: m,
});
const timer = (name: string): NodeInput<V1Message> => ({ kind: "timer", name });
const commitment = (from: string, counter: number): NodeInput<V1Message> =>
  msg(from, {
    type: "commitment",
    round: 0,
    decl: {
      ...spec(from, 0, 10),
      recognition_weights: { a: 1 },
      damping_factor: 1,
      damping_history: [],
      received: {},
    },
    vc: { [from]: counter },
    timestamp: 0,
  });
const options: Partial<V1Options> = { roundMs: 1000, epochMs: 1_000_000 };
const run = (s: V1State, inputs: [number, NodeInput<V1Message>][]) => {
  const out = [];
  for (const [t, i] of inputs) {
    const r = v1Machine.step(s, i, ctx(t));
    out.push(r);
    s = r.state;
  }
  return { s, out };
};

describe("V1 node: defaults and round entry", () => {
  it("the default options, the initial declaration and the machine's name", () => {
    expect(DEFAULT_V1_OPTIONS).toEqual({
      roundMs: 90_000,
      computeAt: 0.4,
      aggregateAt: 0.8,
      threshold: 0.5,
      freshnessMs: 180_000,
      epsilon: CONVERGENCE_EPSILON,
      residual: "net-of-others",
      allocation: "reference",
      damping: false,
      staleRule: "per-peer",
      welcomeWeight: 1,
      relaxation: 0.5,
      sharedStep: false,
      epochMs: 1_700_000_000_000,
    });
    const sp = spec("a", 10, 0);
    expect(v1Init({ spec: sp }).decl).toEqual({
      ...sp,
      damping_factor: 1,
      damping_history: [],
      received: {},
    });
    expect(v1Machine.name).toBe("v1");
  });

  it("entering a round broadcasts state and commitment and arms the timers of its roles", () => {
    const s0 = v1Init({ spec: spec("a", 10, 5), options });
    const { s, out } = run(s0, [
      [7, { kind: "start" }],
      [1007, timer("round-end")],
    ]);
    const vc1 = { a: 1 };
    expect(out[0]?.effects).toEqual([
      { kind: "broadcast", msg: { type: "round-state", round: 0, vc: vc1 } },
      {
        kind: "broadcast",
        msg: { type: "commitment", round: 0, decl: s0.decl, vc: vc1, timestamp: 1_000_007 },
      },
      { kind: "setTimer", name: "round-end", delay: 1000 },
      { kind: "log", event: "round", data: { round: 0, catchUp: false } },
      { kind: "setTimer", name: "compute", delay: 400 },
      { kind: "setTimer", name: "aggregate", delay: 800 },
    ]);
    expect(out[1]?.effects[3]).toEqual({
      kind: "log",
      event: "round",
      data: { round: 1, catchUp: false },
    });
    expect(s.counters.advances).toBe(0);
    // A provider only computes, a recipient only aggregates.
    const timers = (sp: ParticipantSpec) =>
      run(v1Init({ spec: sp, options }), [[0, { kind: "start" }]]).out[0]?.effects.flatMap((e) =>
        e.kind === "setTimer" ? [e.name] : [],
      );
    expect(timers(spec("a", 10, 0))).toEqual(["round-end", "compute"]);
    expect(timers(spec("a", 0, 5))).toEqual(["round-end", "aggregate"]);
  });

  it("a computation broadcasts its results with a timestamp and logs it", () => {
    const { s, out } = run(v1Init({ spec: spec("a", 10, 0), options }), [
      [0, { kind: "start" }],
      [1, commitment("b", 1)],
      [400, timer("compute")],
    ]);
    expect(s.counters.accepted).toBe(1);
    const effects = out[2]?.effects ?? [];
    expect(effects[0]).toMatchObject({
      kind: "broadcast",
      msg: { type: "results", round: 0, grants: { b: { n: 10 } }, timestamp: 1_000_400 },
    });
    expect(effects.slice(1)).toEqual([
      { kind: "log", event: "recompute", data: { converged: false, round: 0 } },
      { kind: "log", event: "publish-allocation", data: { converged: false } },
    ]);
    expect(Object.keys(s.lastSeen)).toEqual(["commitment:b"]);
  });
});

describe("V1 node: messages", () => {
  it("computes over its peers in key order, whatever order they arrived in", () => {
    const { s } = run(v1Init({ spec: spec("a", 10, 0), options }), [
      [0, { kind: "start" }],
      [1, commitment("c", 1)],
      [1, commitment("b", 1)],
      [400, timer("compute")],
    ]);
    const recs = s.provider?.computation.result.slot_allocations ?? [];
    expect(recs.map((r) => r.recipient_pubkey)).toEqual(["b", "c"]);
    expect(s.provider?.computation.input.recipients.map((r) => r.pubKey)).toEqual(["b", "c"]);
  });

  it("the seed's stale rule accepts a message newer than the node's clock entry, and keys by kind", () => {
    const { s } = run(
      v1Init({ spec: spec("a", 10, 0), options: { ...options, staleRule: "seed" } }),
      [
        [0, { kind: "start" }],
        [1, commitment("b", 1)],
        [2, commitment("b", 1)], // not newer than what the clock holds for b: stale
        [3, msg("b", { type: "round-state", round: 0, vc: { b: 2 } })],
        [
          4,
          msg("b", {
            type: "results",
            round: 0,
            grants: {},
            denominators: {},
            converged: false,
            vc: { b: 3 },
            timestamp: 0,
          }),
        ],
      ],
    );
    expect(s.counters).toMatchObject({ accepted: 3, stale: 1 });
    expect(Object.keys(s.peers)).toEqual(["b"]);
    expect(Object.keys(s.lastSeen).sort()).toEqual(["commitment:b", "results:b", "round:b"]);
  });

  it("a leaving peer is forgotten; the others stay", () => {
    const both = run(v1Init({ spec: spec("a", 10, 0), options }), [
      [0, { kind: "start" }],
      [1, commitment("b", 1)],
      [1, commitment("c", 1)],
      [2, msg("b", { type: "round-state", round: 0, vc: { b: 2 } })],
      [2, msg("c", { type: "round-state", round: 0, vc: { c: 2 } })],
      [
        3,
        msg("b", {
          type: "results",
          round: 0,
          grants: { a: { n: 1 } },
          denominators: {},
          converged: false,
          vc: { b: 3 },
          timestamp: 0,
        }),
      ],
      [
        3,
        msg("c", {
          type: "results",
          round: 0,
          grants: { a: { n: 1 } },
          denominators: {},
          converged: false,
          vc: { c: 3 },
          timestamp: 0,
        }),
      ],
      [4, msg("b", { type: "leave" })],
    ]).s;
    expect(Object.keys(both.peers)).toEqual(["c"]);
    expect(Object.keys(both.peerRounds)).toEqual(["c"]);
    expect(Object.keys(both.results)).toEqual(["c"]);
  });

  it("keeps the last DAMPING_MAX_ENTRIES over-allocations only", () => {
    const { s } = run(v1Init({ spec: spec("a", 0, 5), options }), [
      [0, { kind: "start" }],
      ...[1, 2, 3, 4, 5].map((t): [number, NodeInput<V1Message>] => [t, timer("aggregate")]),
    ]);
    expect(s.history).toEqual([-5, -5, -5]);
  });

  it("V1-1 reports a vector clock that goes backwards", () => {
    const s = run(v1Init({ spec: spec("a", 10, 0), options }), [[0, { kind: "start" }]]).s;
    expect(checkV1(s, { ...s, vc: vclock.empty() })).toEqual([
      { id: "V1-1", message: "a: its vector clock went backwards" },
    ]);
  });
});
