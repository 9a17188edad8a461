/**
 * Edge cases of the V1 round node (SPEC.md §13, V1 rows): phase advancement at the threshold,
 * late round-states, freshness of peers and results, timers a node has no use for, damping,
 * the shared step, welcomes, leaving, and the V1-1 check.
 */
import { describe, expect, it } from "vitest";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  advancementTarget,
  checkV1,
  v1Init,
  v1Machine,
  type V1Message,
  type V1Options,
  type V1State,
} from "../../../src/core/protocols/v1-node.js";
import { SIM_LEAVE } from "../../../src/core/protocols/v2-node.js";
import * as vclock from "../../../src/core/vclock.js";

const ctx = (now: number): NodeContext => ({ now, self: "a", random: () => 0 });

function spec(
  id: string,
  capacity: number,
  need: number,
  rec: Record<string, number>,
): ParticipantSpec {
  return {
    pubKey: id,
    capacity_slots: capacity > 0 ? [{ id: "s", quantity: capacity }] : [],
    need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
    recognition_weights: rec,
  };
}
const decl = (s: ParticipantSpec, received: Declaration["received"] = {}): Declaration => ({
  ...s,
  damping_factor: 1,
  damping_history: [],
  received,
});
const msg = (from: string, m: V1Message): NodeInput<V1Message> => ({
  kind: "message",
  from,
  msg: m,
});
const timer = (name: string): NodeInput<V1Message> => ({ kind: "timer", name });
const roundState = (from: string, round: number, counter: number) =>
  msg(from, { type: "round-state", round, vc: { [from]: counter } });
const commitment = (d: Declaration, counter: number): NodeInput<V1Message> =>
  msg(d.pubKey, {
    type: "commitment",
    round: 0,
    decl: d,
    vc: { [d.pubKey]: counter },
    timestamp: 0,
  });
const results = (from: string, grants: Record<string, Record<string, number>>, counter: number) =>
  msg(from, {
    type: "results",
    round: 0,
    grants,
    denominators: {},
    converged: false,
    vc: { [from]: counter },
    timestamp: 0,
  });

const start = (s: ParticipantSpec, options: Partial<V1Options> = {}): V1State =>
  v1Machine.step(v1Init({ spec: s, options }), { kind: "start" }, ctx(0)).state;

function grantTo(s: V1State, r: string): number {
  return Object.values(s.provider?.computation.grants[r] ?? {}).reduce((a, b) => a + b, 0);
}

describe("V1 node: phase advancement (V1-2)", () => {
  it("has no target without active peers", () => {
    expect(advancementTarget(v1Init({ spec: spec("a", 0, 5, {}) }), 0)).toBeNull();
    // Peers heard from longer ago than the freshness window (two rounds) are not active.
    let s = start(spec("a", 0, 5, {}));
    s = v1Machine.step(s, roundState("b", 4, 1), ctx(0)).state;
    expect(s.round).toBe(4); // 1 of 1 active peer ahead: it joined round 4
    expect(advancementTarget({ ...s, round: 0 }, 180_000)).toBeNull();
    expect(advancementTarget({ ...s, round: 0 }, 179_999)).toBe(4);
  });

  it("advances at exactly the threshold, not below it, and counts the catch-up", () => {
    let s = start(spec("a", 0, 5, {}), { threshold: 0.75 });
    s = v1Machine.step(s, roundState("b", 2, 1), ctx(1)).state; // 1/1 ahead
    expect(s.round).toBe(2);
    s = v1Machine.step(s, roundState("c", 2, 1), ctx(2)).state;
    s = v1Machine.step(s, roundState("d", 2, 1), ctx(3)).state;
    s = v1Machine.step(s, roundState("e", 5, 1), ctx(4)).state; // 1 of 4 ahead: 25 % < 75 %
    expect(s.round).toBe(2);
    s = v1Machine.step(s, roundState("c", 5, 2), ctx(5)).state; // 2 of 4: 50 %
    expect(s.round).toBe(2);
    const r = v1Machine.step(s, roundState("d", 6, 2), ctx(6)); // 3 of 4 (6, 5, 5): 75 %
    expect(r.state.round).toBe(5); // the round that 75 % of peers have reached
    expect(r.state.counters.advances).toBe(2);
    expect(r.effects).toContainEqual({
      kind: "log",
      event: "round",
      data: { round: 5, catchUp: true },
    });
  });

  it("a threshold above 1 is never met: the node only moves on its own round timer", () => {
    let s = start(spec("a", 0, 5, {}), { threshold: 1.5 });
    for (const [p, k] of [
      ["b", 1],
      ["c", 1],
    ] as const)
      s = v1Machine.step(s, roundState(p, 9, k), ctx(1)).state;
    expect(advancementTarget(s, 1)).toBeNull();
    expect(s.round).toBe(0);
    expect(v1Machine.step(s, timer("round-end"), ctx(90_000)).state.round).toBe(1);
  });

  it("a late round-state from an older round never lowers what it knows of that peer", () => {
    let s = start(spec("a", 0, 5, {}), { threshold: 1.5 });
    s = v1Machine.step(s, roundState("b", 3, 5), ctx(1)).state;
    s = v1Machine.step(s, roundState("b", 1, 2), ctx(2)).state; // delayed, older, stale counter
    expect(s.peerRounds["b"]).toEqual({ round: 3, at: 2 });
    expect(s.counters.stale).toBe(1);
    // The stale clock is still merged (pointwise maximum).
    expect(vclock.get(s.vc, "b")).toBe(5);
  });
});

describe("V1 node: providers and recipients", () => {
  it("a compute timer on a node without capacity, or an aggregate timer on one without need, does nothing", () => {
    const r = start(spec("a", 0, 5, {}));
    const c = v1Machine.step(r, timer("compute"), ctx(36_000));
    expect(c.state).toBe(r);
    expect(c.effects).toEqual([]);
    const p = start(spec("p", 10, 0, {}));
    const g = v1Machine.step(p, timer("aggregate"), ctx(72_000));
    expect(g.state).toBe(p);
    expect(g.effects).toEqual([]);
  });

  it("a provider computes only over declarations heard within the freshness window", () => {
    let p = start(spec("p", 10, 0, { r: 1 }), { relaxation: 1 });
    p = v1Machine.step(p, commitment(decl(spec("r", 0, 4, { p: 1 })), 1), ctx(0)).state;
    const now = v1Machine.step(p, timer("compute"), ctx(36_000));
    expect(grantTo(now.state, "r")).toBe(4);
    const sent = now.effects.find((e) => e.kind === "broadcast");
    expect(sent?.kind === "broadcast" && sent.msg.type === "results" && sent.msg.grants).toEqual({
      r: { n: 4 },
    });
    const later = v1Machine.step(now.state, timer("compute"), ctx(180_000));
    expect(grantTo(later.state, "r")).toBe(0);
    expect(vclock.get(later.state.vc, "p")).toBe(vclock.get(now.state.vc, "p") + 1);
  });

  it("the shared step moves a grant by 1/(1 + k) when k other providers serve that need", () => {
    const run = (sharedStep: boolean): number[] => {
      let p = start(spec("p", 10, 0, { r: 1 }), { relaxation: 1, sharedStep });
      const out: number[] = [];
      [4, 8].forEach((need, i) => {
        // r reports 2 received from q for n: p sees a residual net of q's grant.
        const d = decl(spec("r", 0, need, { p: 1 }), { n: { q: 2 } });
        p = v1Machine.step(p, commitment(d, i + 1), ctx(i * 90_000)).state;
        p = v1Machine.step(p, timer("compute"), ctx(i * 90_000 + 36_000)).state;
        out.push(grantTo(p, "r"));
      });
      return out;
    };
    expect(run(false)).toEqual([2, 6]);
    expect(run(true)).toEqual([2, 4]); // half-way from 2 to 6: q is one other provider
  });

  it("a recipient aggregates only results heard within the freshness window", () => {
    let r = start(spec("a", 0, 10, { p: 1, q: 1 }));
    r = v1Machine.step(r, results("p", { a: { n: 3 } }, 1), ctx(0)).state;
    r = v1Machine.step(r, results("q", { a: { n: 2 } }, 1), ctx(100_000)).state;
    const now = v1Machine.step(r, timer("aggregate"), ctx(179_999)).state;
    expect(now.decl.received).toEqual({ n: { p: 3, q: 2 } });
    const later = v1Machine.step(r, timer("aggregate"), ctx(180_000)).state;
    expect(later.decl.received).toEqual({ n: { q: 2 } });
    expect(later.history).toEqual([-8]);
  });

  it("results for others are not recorded unless the provider granted me before (then it granted nothing)", () => {
    let r = start(spec("a", 0, 10, { p: 1 }));
    const ignored = v1Machine.step(r, results("p", { z: { n: 3 } }, 1), ctx(1)).state;
    expect(ignored.results).toEqual({});
    r = v1Machine.step(r, results("p", { a: { n: 3 } }, 2), ctx(2)).state;
    r = v1Machine.step(r, results("p", { z: { n: 3 } }, 3), ctx(3)).state;
    expect(r.results["p"]).toEqual({ round: 0, grants: {}, at: 3 });
    // A duplicate of an accepted publication is stale.
    const dup = v1Machine.step(r, results("p", { a: { n: 9 } }, 3), ctx(4)).state;
    expect(dup.results["p"]?.grants).toEqual({});
    expect(dup.counters.stale).toBe(r.counters.stale + 1);
  });

  it("with the seeds' damping the factor is 1 until three rounds are known, then 0.5 when they oscillate", () => {
    const run = (damping: boolean): number[] => {
      let r = start(spec("a", 0, 10, { p: 1 }), { damping });
      const out: number[] = [];
      [15, 5, 15].forEach((q, i) => {
        r = v1Machine.step(r, results("p", { a: { n: q } }, i + 1), ctx(i * 1000)).state;
        r = v1Machine.step(r, timer("aggregate"), ctx(i * 1000 + 500)).state;
        out.push(r.decl.damping_factor);
      });
      expect(r.history).toEqual([5, -5, 5]);
      return out;
    };
    expect(run(true)).toEqual([1, 1, 0.5]);
    expect(run(false)).toEqual([1, 1, 1]);
  });
});

describe("V1 node: membership", () => {
  it("welcomes a newcomer with the welcome weight, once, and not at all with weight 0", () => {
    const hello = msg("n", { type: "hello" });
    const s = start(spec("a", 10, 0, { b: 2 }));
    const w = v1Machine.step(s, hello, ctx(1)).state;
    expect(w.decl.recognition_weights).toEqual({ b: 2, n: 1 });
    const again = { ...w, options: { ...w.options, welcomeWeight: 3 } };
    expect(v1Machine.step(again, hello, ctx(2)).state).toBe(again);
    const none = start(spec("a", 10, 0, { b: 2 }), { welcomeWeight: 0 });
    expect(v1Machine.step(none, hello, ctx(1)).state).toBe(none);
    // A newcomer greets first.
    const n = v1Machine.step(
      v1Init({ spec: spec("n", 0, 5, {}), newcomer: true }),
      { kind: "start" },
      ctx(0),
    );
    expect(n.effects[0]).toEqual({ kind: "broadcast", msg: { type: "hello" } });
  });

  it("forgets a peer that leaves; after leaving itself it ignores everything", () => {
    let s = start(spec("a", 10, 5, { b: 1 }));
    s = v1Machine.step(s, commitment(decl(spec("b", 1, 1, { a: 1 })), 1), ctx(1)).state;
    s = v1Machine.step(s, roundState("b", 0, 2), ctx(1)).state;
    s = v1Machine.step(s, results("b", { a: { n: 1 } }, 3), ctx(1)).state;
    const gone = v1Machine.step(s, msg("b", { type: "leave" }), ctx(2)).state;
    expect([gone.peers, gone.peerRounds, gone.results]).toEqual([{}, {}, {}]);
    const left = v1Machine.step(gone, timer(SIM_LEAVE), ctx(3));
    expect(left.state.status).toBe("left");
    expect(left.effects).toEqual([
      { kind: "broadcast", msg: { type: "leave" } },
      { kind: "cancelTimer", name: "round-end" },
      { kind: "cancelTimer", name: "compute" },
      { kind: "cancelTimer", name: "aggregate" },
    ]);
    for (const i of [timer("round-end"), roundState("c", 7, 1), { kind: "start" } as const]) {
      const r = v1Machine.step(left.state, i, ctx(4));
      expect(r.state).toBe(left.state);
      expect(r.effects).toEqual([]);
    }
  });

  it("an unknown timer changes nothing", () => {
    const s = start(spec("a", 10, 5, {}));
    const r = v1Machine.step(s, timer("no-such-timer"), ctx(1));
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([]);
  });
});

describe("V1 node: safety check and view", () => {
  it("V1-1 the check reports a clock or a round that went backwards", () => {
    const s0 = start(spec("a", 0, 5, {}));
    const s1 = v1Machine.step(s0, timer("round-end"), ctx(90_000)).state;
    expect(checkV1(s0, s1)).toEqual([]);
    expect(checkV1(s1, s0).map((v) => v.message)).toEqual([
      "a: its vector clock went backwards",
      "a: its round went backwards",
    ]);
    expect(checkV1(s1, { ...s1, round: 0 })).toEqual([
      { id: "V1-1", message: "a: its round went backwards" },
    ]);
  });

  it("the view shows the round, the clock and convergence (false before any computation)", () => {
    const s = start(spec("p", 10, 0, { r: 1 }), { relaxation: 1 });
    expect(v1Machine.view(s)).toEqual({
      status: "active",
      round: 0,
      vc: { p: 1 },
      damping: 1,
      received: 0,
      converged: false,
    });
    let p = v1Machine.step(s, commitment(decl(spec("r", 0, 4, { p: 1 })), 1), ctx(0)).state;
    p = v1Machine.step(p, timer("compute"), ctx(36_000)).state;
    expect(v1Machine.view(p)["converged"]).toBe(false); // the first computation has no previous one
    p = v1Machine.step(p, timer("compute"), ctx(126_000)).state;
    expect(v1Machine.view(p)["converged"]).toBe(true);
    expect(v1Machine.kindOf({ type: "hello" })).toBe("hello");
  });
});

describe("V1 node: the allocation check", () => {
  it("verifies a new provider computation (ALLOC-CAP-1) and skips an unchanged one", () => {
    let p = start(spec("p", 10, 0, { r: 1 }));
    p = v1Machine.step(p, commitment(decl(spec("r", 0, 4, { p: 1 })), 1), ctx(0)).state;
    const next = v1Machine.step(p, timer("compute"), ctx(36_000)).state;
    expect(checkV1(p, next)).toEqual([]);
    const pc = next.provider?.computation;
    if (pc === undefined || next.provider === null) throw new Error("no computation");
    const over: V1State = {
      ...next,
      provider: {
        ...next.provider,
        computation: {
          ...pc,
          result: {
            ...pc.result,
            slot_allocations: pc.result.slot_allocations.map((a) => ({ ...a, quantity: 11 })),
          },
        },
      },
    };
    expect(checkV1(next, over).map((v) => v.id)).toContain("ALLOC-CAP-1");
    expect(checkV1(over, over)).toEqual([]); // same computation: not re-checked
  });
});
