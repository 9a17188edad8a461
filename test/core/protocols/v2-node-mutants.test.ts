/**
 * Examples that pin down what the property suites leave loose in the V2 node (found by
 * StrykerJS; the survivors that no test can kill are listed with a reason in
 * bench/mutation/equivalent.md): its constants, what a node does when it starts or gets its id,
 * the stale rules of seed 003, the 60 s window at its edge, when a recompute publishes (and
 * what), the welcome of a newcomer, leaving, the safety check and the trace view.
 */
import { describe, expect, it } from "vitest";
import { allocation, commitment, decl, EPOCH, idsOf, msg, timer } from "./v2-inputs.js";
import { CONVERGENCE_EPSILON } from "../../../src/core/convergence.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type {
  NodeContext,
  NodeEffect,
  NodeInput,
  StepResult,
} from "../../../src/core/protocols/machine.js";
import {
  receivedTotal,
  type Declaration,
  type ParticipantSpec,
} from "../../../src/core/protocols/participant.js";
import {
  DEFAULT_V2_OPTIONS,
  isStale,
  SIM_LEAVE,
  v2Init,
  v2Machine,
  type V2Message,
  type V2Options,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

describe("V2 node: constants", () => {
  it("the default options, the leave timer's name and the machine's name", () => {
    expect(DEFAULT_V2_OPTIONS).toMatchObject({
      debounceMs: 100,
      heartbeatMs: 20_000,
      freshnessMs: 60_000,
      epsilon: CONVERGENCE_EPSILON,
      residual: "net-of-others",
      allocation: "reference",
      damping: false,
      staleRule: "per-peer",
      stampMerge: "join",
      welcomeWeight: 1,
      relaxation: 0.5,
      sharedStep: true,
      epochMs: 1_700_000_000_000,
    });
    expect(SIM_LEAVE).toBe("sim:leave");
    expect(v2Machine.name).toBe("v2");
  });
});

const ctx = (now: number, random: () => number = () => 0.25): NodeContext => ({
  now,
  self: "x",
  random,
});
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
const RECOMPUTE_TIMER = { kind: "setTimer", name: "recompute", delay: 100 } as const;

function started(s: ParticipantSpec, stamp: Stamp, options: Partial<V2Options> = {}): V2State {
  return v2Machine.step(v2Init({ spec: s, stamp, options }), { kind: "start" }, ctx(0)).state;
}
const step = (s: V2State, input: NodeInput<V2Message>, now: number) =>
  v2Machine.step(s, input, ctx(now));
const recompute = (s: V2State, now: number) => step(s, timer("recompute"), now);
const broadcasts = (effects: readonly NodeEffect<V2Message>[]): V2Message[] =>
  effects.flatMap((e) => (e.kind === "broadcast" ? [e.msg] : []));
/** Every effect but the logs (a junk entry without a kind is kept, so it shows). */
const notLogs = (r: StepResult<V2State, V2Message>) => r.effects.filter((e) => e.kind !== "log");
function recomputeLog(r: StepResult<V2State, V2Message>): unknown {
  const l = r.effects.filter((e) => e.kind === "log" && e.event === "recompute");
  expect(l).toHaveLength(1);
  return (l[0] as { data?: unknown }).data;
}

describe("V2 node: starting and getting an id", () => {
  it("a founding node arms the debounce and its first heartbeat at random × 20 s when it starts", () => {
    const [mine] = idsOf(1);
    const init = v2Init({ spec: spec("P", 10, 0, {}), stamp: mine as Stamp });
    expect(v2Machine.view(init).status).toBe("active");
    const r = v2Machine.step(
      init,
      { kind: "start" },
      ctx(0, () => 0.5),
    );
    expect(r.effects).toEqual([
      RECOMPUTE_TIMER,
      { kind: "cancelTimer", name: "join-retry" },
      { kind: "setTimer", name: "heartbeat", delay: 10_000 },
    ]);
    expect(r.state.status).toBe("active");
    // Its first recompute publishes its declaration.
    expect(broadcasts(recompute(r.state, 100).effects).map((m) => m.type)).toEqual([
      "commitment",
      "allocation",
    ]);
  });

  it("a newcomer asks its sponsor for an id and retries every 1 000 ms; the grant activates it like a start", () => {
    const [g] = idsOf(2);
    const n = v2Init({ spec: spec("N", 0, 5, { S: 1 }), stamp: null, sponsor: "S" });
    expect(v2Machine.view(n).status).toBe("joining");
    const r = v2Machine.step(n, { kind: "start" }, ctx(0));
    expect(r.effects).toEqual([
      { kind: "send", to: "S", msg: { type: "fork-request" } },
      { kind: "setTimer", name: "join-retry", delay: 1000 },
    ]);
    const a = v2Machine.step(r.state, msg("S", { type: "fork-grant", stamp: g as Stamp }), {
      now: 30,
      self: "N",
      random: () => 0.75,
    });
    expect(a.effects).toEqual([
      RECOMPUTE_TIMER,
      { kind: "cancelTimer", name: "join-retry" },
      { kind: "setTimer", name: "heartbeat", delay: 15_000 },
    ]);
    // V2-1: getting a stamp is not a stamp going backwards.
    expect(v2Machine.check(r.state, a.state)).toEqual([]);
  });

  it("a newcomer still without an id arms no recompute and keeps no stamp when it hears publications", () => {
    const [r0, p0] = idsOf(2);
    const n = v2Machine.step(
      v2Init({ spec: spec("N", 0, 5, { P: 1 }), stamp: null, sponsor: "S" }),
      { kind: "start" },
      ctx(0),
    ).state;
    const c = step(
      n,
      msg("R", commitment(decl(spec("R", 0, 3, {})), itc.event(r0 as Stamp), 5)),
      5,
    );
    expect(c.effects).toEqual([]);
    expect(c.state.stamp).toBeNull();
    const a = step(n, msg("P", allocation("P", { N: { n: 2 } }, itc.event(p0 as Stamp), 6)), 6);
    expect(a.effects).toEqual([]);
    expect(a.state.stamp).toBeNull();
  });
});

describe("V2 node: seed 003's stale rules (V2-2)", () => {
  const [a0, b0] = idsOf(2) as [Stamp, Stamp];
  const a1 = itc.event(a0);
  const b1 = itc.join(b0, itc.peek(a1)); // B has seen A's first event

  it("seed-migration: leq(peer, mine) — a newer update is fresh, and without a stamp nothing is stale", () => {
    expect(isStale("seed-migration", a1, b1, undefined)).toBe(true);
    expect(isStale("seed-migration", itc.event(a1), b1, undefined)).toBe(false);
    expect(isStale("seed-migration", a1, null, undefined)).toBe(false);
  });

  it("seed-table: leq && equals — only a stamp equal to mine is stale, and without a stamp nothing is", () => {
    expect(isStale("seed-table", a1, a1, undefined)).toBe(true);
    expect(isStale("seed-table", a1, b1, undefined)).toBe(false); // ≤ but not equal
    expect(isStale("seed-table", itc.event(a1), b1, undefined)).toBe(false);
    expect(isStale("seed-table", a1, null, undefined)).toBe(false);
  });
});

describe("V2 node: the 60 s window at its edge (V2-5)", () => {
  it("a commitment exactly 60 s old is expired; 59 999 ms old it is accepted", () => {
    const [mine, r0] = idsOf(2) as [Stamp, Stamp];
    const p = started(spec("P", 10, 0, { R: 1 }), mine);
    const c = commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(r0), 1_000);
    const old = step(p, msg("R", c), 61_000);
    expect(old.state.counters).toMatchObject({ expired: 1, accepted: 0 });
    expect(old.state.peers["R"]).toBeUndefined();
    expect(old.effects).toEqual([]);
    const ok = step(p, msg("R", c), 60_999);
    expect(ok.state.counters).toMatchObject({ expired: 0, accepted: 1 });
  });

  it("a recompute drops a peer heard from exactly 60 s ago, and keeps one heard 59 999 ms ago", () => {
    const [mine, r0] = idsOf(2) as [Stamp, Stamp];
    let p = started(spec("P", 10, 0, { R: 1 }), mine);
    p = step(p, msg("R", commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(r0), 0)), 0).state;
    expect(Object.keys(recompute(p, 59_999).state.peers)).toEqual(["R"]);
    expect(Object.keys(recompute(p, 60_000).state.peers)).toEqual([]);
  });
});

describe("V2 node: what a recipient publishes", () => {
  /** R (need 10 of slot n) with its first recompute done. */
  function recipient(options: Partial<V2Options> = {}): { r: V2State; p0: Stamp } {
    const [mine, p0] = idsOf(2) as [Stamp, Stamp];
    const r = recompute(started(spec("R", 0, 10, { P: 1 }), mine, options), 100).state;
    return { r, p0 };
  }

  it("publishes only a commitment, stamped one event after its stamp, and nothing (stamp unchanged) when nothing changed", () => {
    const [mine] = idsOf(1) as [Stamp];
    const r0 = started(spec("R", 0, 10, { P: 1 }), mine);
    const first = recompute(r0, 100);
    const sent = broadcasts(first.effects);
    expect(sent.map((m) => m.type)).toEqual(["commitment"]);
    const stamp = (sent[0] as { stamp: Stamp }).stamp;
    expect(itc.equals(stamp, itc.event(mine))).toBe(true);
    expect(first.state.stamp).toBe(stamp);
    const quiet = recompute(first.state, 200);
    expect(quiet.effects).toEqual([]);
    expect(quiet.state.stamp).toBe(first.state.stamp);
  });

  it("an accepted grant arms the debounce; the recompute republishes what it received", () => {
    const { r, p0 } = recipient();
    const got = step(r, msg("P", allocation("P", { R: { n: 4 } }, itc.event(p0), 200)), 200);
    expect(got.effects).toEqual([RECOMPUTE_TIMER]);
    const pub = broadcasts(recompute(got.state, 300).effects);
    expect(pub).toHaveLength(1);
    expect(pub[0]).toMatchObject({ type: "commitment", decl: { received: { n: { P: 4 } } } });
  });

  it("a provider that stops granting me: what I received drops to 0 and is republished", () => {
    const { r, p0 } = recipient();
    let s = step(r, msg("P", allocation("P", { R: { n: 4 } }, itc.event(p0), 200)), 200).state;
    s = recompute(s, 300).state;
    const none = step(
      s,
      msg("P", allocation("P", { Q: { n: 7 } }, itc.event(itc.event(p0)), 400)),
      400,
    );
    expect(none.effects).toEqual([RECOMPUTE_TIMER]);
    const after = recompute(none.state, 500);
    const pub = broadcasts(after.effects);
    expect(pub.map((m) => m.type)).toEqual(["commitment"]);
    expect(receivedTotal((pub[0] as { decl: Declaration }).decl.received)).toBe(0);
    expect(v2Machine.view(after.state).received).toBe(0);
  });

  it("a change of what it received by exactly ε is republished; by less than ε it is not", () => {
    const { r, p0 } = recipient({ epsilon: 1 });
    let stamp = itc.event(p0);
    let s = step(r, msg("P", allocation("P", { R: { n: 4 } }, stamp, 200)), 200).state;
    s = recompute(s, 300).state;
    stamp = itc.event(stamp);
    const small = recompute(
      step(s, msg("P", allocation("P", { R: { n: 4.5 } }, stamp, 400)), 400).state,
      500,
    );
    expect(broadcasts(small.effects)).toEqual([]);
    stamp = itc.event(stamp);
    const exact = recompute(
      step(s, msg("P", allocation("P", { R: { n: 5 } }, stamp, 400)), 400).state,
      500,
    );
    expect(broadcasts(exact.effects)).toMatchObject([
      { type: "commitment", decl: { received: { n: { P: 5 } } } },
    ]);
  });

  it("with damping, recomputes in which what it received did not change add no history entry", () => {
    // Grants 15, 5, 15 (over-allocation +5, −5, +5: oscillating → 0.5), with a recompute caused
    // by another peer's commitment after each: the history keeps the three changes only.
    const [mine, p0, q0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let r = started(spec("R", 0, 10, { P: 1 }), mine, { damping: true });
    let ps = p0;
    let qs = q0;
    [15, 5, 15].forEach((g, i) => {
      const t = 1000 * (i + 1);
      ps = itc.event(ps);
      r = recompute(
        step(r, msg("P", allocation("P", { R: { n: g } }, ps, t)), t).state,
        t + 100,
      ).state;
      qs = itc.event(qs);
      const q = commitment(decl(spec("Q", 0, 1 + i, {})), qs, t + 200);
      r = recompute(step(r, msg("Q", q), t + 200).state, t + 300).state;
    });
    expect(r.decl.damping_history.map((e) => e.overAllocation)).toEqual([5, -5, 5]);
    expect(r.decl.damping_factor).toBe(0.5);
  });

  it("a node without needs keeps no damping history, even at a heartbeat", () => {
    const [mine] = idsOf(1) as [Stamp];
    const p = recompute(started(spec("P", 10, 0, {}), mine, { damping: true }), 100).state;
    const hb = step(p, timer("heartbeat"), 20_000);
    const c = broadcasts(hb.effects).find((m) => m.type === "commitment") as { decl: Declaration };
    expect(c.decl.damping_history).toEqual([]);
    expect(hb.state.decl.damping_history).toEqual([]);
  });
});

describe("V2 node: what a provider publishes", () => {
  /** P (capacity 10 by default) with R (need 4, recognising P) heard, before any recompute. */
  function provider(options: Partial<V2Options> = {}, capacity = 10) {
    const [mine, r0, q0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let p = started(spec("P", capacity, 0, { R: 1 }), mine, options);
    p = step(p, msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(r0), 0)), 0).state;
    return { p, r0, q0, mine };
  }
  const denominatorOf = (m: V2Message | undefined) =>
    m?.type === "allocation" ? m.denominators["s"] : undefined;

  it("the first recompute publishes the commitment and the allocation under one new stamp, and logs change −1", () => {
    const { p } = provider();
    const r = recompute(p, 100);
    const stamp = itc.event(p.stamp as Stamp);
    const sent = notLogs(r);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      kind: "broadcast",
      msg: { type: "commitment", decl: { pubKey: "P" }, timestamp: EPOCH + 100 },
    });
    expect(sent[1]).toMatchObject({
      kind: "broadcast",
      msg: {
        type: "allocation",
        provider: "P",
        grants: { R: { n: 4 } },
        converged: false,
        timestamp: EPOCH + 100,
      },
    });
    for (const m of broadcasts(r.effects))
      expect(itc.equals((m as { stamp: Stamp }).stamp, stamp)).toBe(true);
    // The simulator's convergence tracker reads this log: −1 stands for "first computation".
    expect(recomputeLog(r)).toEqual({ converged: false, delta: -1, change: -1 });
  });

  it("nothing changed: no publication, and the log says the denominators did not move", () => {
    const { p } = provider();
    const first = recompute(p, 100);
    const again = recompute(first.state, 200);
    expect(notLogs(again)).toEqual([]);
    expect(recomputeLog(again)).toEqual({ converged: true, delta: 0, change: 0 });
  });

  it("nothing changed, with a non-mutual recipient too: no publication", () => {
    const [mine, r0, q0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let p = started(spec("P", 10, 0, { R: 1, Q: 1 }), mine);
    p = step(p, msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(r0), 0)), 0).state;
    p = step(p, msg("Q", commitment(decl(spec("Q", 0, 1, {})), itc.event(q0), 1)), 1).state;
    const first = recompute(p, 100);
    expect(denominatorOf(broadcasts(first.effects)[1])).toEqual({ mutual: 4, nonMutual: 1 });
    const again = recompute(first.state, 200);
    expect(notLogs(again)).toEqual([]);
    expect(recomputeLog(again)).toEqual({ converged: true, delta: 0, change: 0 });
  });

  it("a grant that moves (R's need 4 → 8) republishes the allocation only, and logs the move", () => {
    const { p, r0 } = provider();
    const first = recompute(p, 100).state;
    const more = step(
      first,
      msg("R", commitment(decl(spec("R", 0, 8, { P: 1 })), itc.event(itc.event(r0)), 200)),
      200,
    ).state;
    const r = recompute(more, 300);
    const sent = broadcasts(r.effects);
    expect(sent.map((m) => m.type)).toEqual(["allocation"]);
    expect(sent[0]).toMatchObject({ grants: { R: { n: 6 } } }); // λ = 0.5 of the way to 8
    // The grant moved by 2, the mutual denominator (Σ of the mutual needs) by 4: the log's
    // change is the larger of all the moves, its delta the larger denominator move.
    expect(denominatorOf(sent[0])).toEqual({ mutual: 8, nonMutual: 0 });
    expect(recomputeLog(r)).toEqual({ converged: false, delta: 4, change: 4 });
  });

  it("a denominator that moves while no grant does (capacity 4, R's need 4 → 8) republishes the allocation", () => {
    const { p, r0 } = provider({}, 4);
    const first = recompute(p, 100);
    expect(denominatorOf(broadcasts(first.effects)[1])).toEqual({ mutual: 4, nonMutual: 0 });
    const moved = step(
      first.state,
      msg("R", commitment(decl(spec("R", 0, 8, { P: 1 })), itc.event(itc.event(r0)), 200)),
      200,
    ).state;
    const r = recompute(moved, 300);
    const sent = broadcasts(r.effects);
    expect(sent.map((m) => m.type)).toEqual(["allocation"]);
    expect(sent[0]).toMatchObject({ grants: { R: { n: 4 } } });
    expect(denominatorOf(sent[0])).toEqual({ mutual: 8, nonMutual: 0 });
    expect(recomputeLog(r)).toEqual({ converged: false, delta: 4, change: 4 });
  });

  it("a provider that also needs: a new grant to it republishes its commitment only", () => {
    const [mine, r0, q0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let p = started(spec("P", 10, 3, { R: 1, Q: 1 }), mine);
    p = step(p, msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(r0), 0)), 0).state;
    p = recompute(p, 100).state;
    const got = step(p, msg("Q", allocation("Q", { P: { n: 2 } }, itc.event(q0), 200)), 200);
    const sent = broadcasts(recompute(got.state, 300).effects);
    expect(sent.map((m) => m.type)).toEqual(["commitment"]);
    expect(sent[0]).toMatchObject({ decl: { received: { n: { Q: 2 } } } });
  });

  it("a change of the allocation by exactly ε is published", () => {
    // P (capacity 10) and R: R's need 4 → 5 moves the grant by 1 (λ = 1, no shared step).
    const run = (epsilon: number) => {
      const { p, r0 } = provider({ relaxation: 1, sharedStep: false, epsilon });
      const first = recompute(p, 100).state;
      const c = commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(itc.event(r0)), 200);
      return recompute(step(first, msg("R", c), 200).state, 300);
    };
    const change = (recomputeLog(run(1e-9)) as { change: number }).change;
    expect(change).toBe(1);
    expect(broadcasts(run(change).effects).map((m) => m.type)).toEqual(["allocation"]);
    expect(broadcasts(run(change + 1e-9).effects)).toEqual([]);
  });

  it("counts its recomputes and its publications", () => {
    const { p } = provider();
    const a = recompute(p, 100).state;
    const b = recompute(a, 200).state;
    expect(b.counters).toMatchObject({ recomputes: 2, publishes: 2 });
  });

  it("the trace view shows its stamp and its grants per recipient in key order", () => {
    const [mine, b0, a0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let p = started(spec("P", 10, 0, { B: 1, A: 1 }), mine);
    p = step(p, msg("B", commitment(decl(spec("B", 0, 2, { P: 1 })), itc.event(b0), 0)), 0).state;
    p = step(p, msg("A", commitment(decl(spec("A", 0, 3, { P: 1 })), itc.event(a0), 1)), 1).state;
    p = recompute(p, 100).state;
    const v = v2Machine.view(p);
    expect(v["stamp"]).toBe(itc.toString(p.stamp as Stamp));
    expect(JSON.stringify(v["grants"])).toBe(JSON.stringify({ A: 3, B: 2 }));
  });

  it("the view lists grants in key order even when slot order puts a later recipient first", () => {
    // Capacity slot "a" (January) serves only B, slot "b" (February) only A; after a second
    // computation (relaxed from the first) the grants are in slot order: B's, then A's.
    const jan = { start: "2030-01-01T00:00:00Z", end: "2030-01-02T00:00:00Z" };
    const feb = { start: "2030-02-01T00:00:00Z", end: "2030-02-02T00:00:00Z" };
    const [mine, b0, a0] = idsOf(3) as [Stamp, Stamp, Stamp];
    const me: ParticipantSpec = {
      pubKey: "P",
      capacity_slots: [
        { id: "a", quantity: 5, window: jan },
        { id: "b", quantity: 5, window: feb },
      ],
      need_slots: [],
      recognition_weights: { A: 1, B: 1 },
    };
    const needing = (id: string, window: typeof jan): Declaration => ({
      ...decl(spec(id, 0, 0, { P: 1 })),
      need_slots: [{ id: "n", quantity: 2, window }],
    });
    let p = started(me, mine);
    p = step(p, msg("B", commitment(needing("B", jan), itc.event(b0), 0)), 0).state;
    p = step(p, msg("A", commitment(needing("A", feb), itc.event(a0), 1)), 1).state;
    p = recompute(p, 100).state;
    p = recompute(p, 200).state;
    expect(Object.keys(p.provider?.computation.grants ?? {})).toEqual(["B", "A"]);
    expect(JSON.stringify(v2Machine.view(p)["grants"])).toBe(JSON.stringify({ A: 2, B: 2 }));
  });

  it("what it publishes does not depend on the order in which it heard the same peers", () => {
    const [mine, a0, b0, c0] = idsOf(4) as [Stamp, Stamp, Stamp, Stamp];
    const peers: [string, Stamp, number][] = [
      ["A", a0, 0.1],
      ["B", b0, 0.2],
      ["C", c0, 0.3],
    ];
    const run = (order: number[]) => {
      let p = started(spec("P", 0.5, 0, { A: 1, B: 2, C: 3 }), mine);
      order.forEach((i, t) => {
        const [id, st, need] = peers[i] as [string, Stamp, number];
        const c = commitment(decl(spec(id, 0, need, { P: 1 })), itc.event(st), t);
        p = step(p, msg(id, c), t).state;
      });
      return JSON.stringify(broadcasts(recompute(p, 100).effects));
    };
    expect(run([2, 0, 1])).toBe(run([0, 1, 2]));
    expect(run([1, 2, 0])).toBe(run([0, 1, 2]));
  });
});

describe("V2 node: welcoming a newcomer (V2-4)", () => {
  it("the sponsor recognises the newcomer with the welcome weight and republishes its declaration", () => {
    const [mine] = idsOf(1) as [Stamp];
    const s = recompute(started(spec("S", 0, 5, { X: 1 }), mine), 100).state;
    const fr = step(s, msg("N", { type: "fork-request" }), 200);
    expect(fr.state.decl.recognition_weights).toEqual({ X: 1, N: 1 });
    expect(notLogs(fr).at(-1)).toEqual(RECOMPUTE_TIMER);
    const pub = broadcasts(recompute(fr.state, 300).effects);
    expect(pub).toMatchObject([
      { type: "commitment", decl: { recognition_weights: { X: 1, N: 1 } } },
    ]);
  });

  it("with welcomeWeight 0 the sponsor forks its id but does not recognise the newcomer", () => {
    const [mine] = idsOf(1) as [Stamp];
    const s = recompute(started(spec("S", 0, 5, { X: 1 }), mine, { welcomeWeight: 0 }), 100).state;
    const fr = step(s, msg("N", { type: "fork-request" }), 200);
    expect(fr.state.decl.recognition_weights).toEqual({ X: 1 });
    expect(fr.effects.map((e) => e.kind)).toEqual(["send"]);
  });
});

describe("V2 node: leaving", () => {
  it("a node that has left answers no fork request and joins no fork grant", () => {
    const [mine, other] = idsOf(2) as [Stamp, Stamp];
    const left = step(started(spec("P", 10, 0, {}), mine), timer(SIM_LEAVE), 10).state;
    const fr = step(left, msg("N", { type: "fork-request" }), 20);
    expect(fr.state).toBe(left);
    expect(fr.effects).toEqual([]);
    const fg = step(left, msg("S", { type: "fork-grant", stamp: other }), 20);
    expect(fg.state).toBe(left);
  });

  it("a peer's leave (broadcast, no stamp) forgets that peer only and keeps my stamp", () => {
    const [mine, a0, b0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let r = started(spec("R", 0, 10, { A: 1, B: 1 }), mine);
    r = step(r, msg("A", commitment(decl(spec("A", 5, 0, {})), itc.event(a0), 1)), 1).state;
    r = step(r, msg("B", commitment(decl(spec("B", 5, 0, {})), itc.event(b0), 2)), 2).state;
    r = step(r, msg("A", allocation("A", { R: { n: 2 } }, itc.event(a0), 3)), 3).state;
    r = step(r, msg("B", allocation("B", { R: { n: 3 } }, itc.event(b0), 4)), 4).state;
    r = recompute(r, 100).state;
    const out = step(r, msg("A", { type: "leave", stamp: null }), 200);
    expect(Object.keys(out.state.peers)).toEqual(["B"]);
    expect(Object.keys(out.state.allocs)).toEqual(["B"]);
    expect(out.state.stamp).toBe(r.stamp);
    const pub = broadcasts(recompute(out.state, 300).effects);
    expect(pub).toMatchObject([{ type: "commitment", decl: { received: { n: { B: 3 } } } }]);
  });

  it("a hand-over that reaches a node without an id is not joined (and does not crash it)", () => {
    const [leaver] = idsOf(2) as [Stamp, Stamp];
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null, sponsor: "S" });
    const r = step(n, msg("L", { type: "leave", stamp: leaver }), 10);
    expect(r.state.stamp).toBeNull();
  });
});
