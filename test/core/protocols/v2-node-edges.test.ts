/**
 * Edge cases of the V2 commons node (SPEC.md §13, V2 rows): messages it must ignore, timers in
 * every status, the debounce, damping, relaxation, leaving and the dishonest rewriting.
 */
import { describe, expect, it } from "vitest";
import { allocation, commitment, EPOCH, msg, timer } from "./v2-inputs.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type { NodeContext, NodeInput } from "../../../src/core/protocols/machine.js";
import type { Declaration, ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  checkV2,
  SIM_LEAVE,
  tamperV2,
  v2Init,
  v2Machine,
  type V2Message,
  type V2Options,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

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
const decl = (s: ParticipantSpec, received: Declaration["received"] = {}): Declaration => ({
  ...s,
  damping_factor: 1,
  damping_history: [],
  received,
});

/** Two ids: `mine` for the node under test, `peer` (with successive events) for the other one. */
function ids(): { mine: Stamp; peer: Stamp } {
  const [mine, peer] = itc.fork(itc.seed());
  return { mine, peer };
}

function started(s: ParticipantSpec, stamp: Stamp, options: Partial<V2Options> = {}): V2State {
  return v2Machine.step(v2Init({ spec: s, stamp, options }), { kind: "start" }, ctx(0)).state;
}

/** Fires the debounced recompute and returns the step. */
const recompute = (s: V2State, now: number) => v2Machine.step(s, timer("recompute"), ctx(now));

function grantTo(s: V2State, r: string): number {
  return Object.values(s.provider?.computation.grants[r] ?? {}).reduce((a, b) => a + b, 0);
}

describe("V2 node: messages it ignores", () => {
  it("ignores its own publications (commitment and allocation) echoed back to it", () => {
    const { mine } = ids();
    const p = started(spec("P", 10, 0, { R: 1 }), mine);
    const own = itc.event(mine);
    const c = v2Machine.step(p, msg("P", commitment(decl(spec("P", 10, 0, {})), own, 5)), ctx(5));
    expect(c.state).toBe(p);
    expect(c.effects).toEqual([]);
    const a = v2Machine.step(p, msg("P", allocation("P", { P: { n: 3 } }, own, 5)), ctx(5));
    expect(a.state).toBe(p);
    expect(a.effects).toEqual([]);
  });

  it("a node that has left ignores every publication and timer (an id handed to it is passed on: ITC-ID-1)", () => {
    const { mine, peer } = ids();
    const p = started(spec("P", 10, 0, { R: 1 }), mine);
    const left = v2Machine.step(p, timer(SIM_LEAVE), ctx(10)).state;
    expect(left.status).toBe("left");
    const inputs: NodeInput<V2Message>[] = [
      msg("R", commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(peer), 20)),
      msg("Q", allocation("Q", { P: { n: 1 } }, itc.event(peer), 20)),
      msg("R", { type: "leave", stamp: null }),
      timer(SIM_LEAVE),
      timer("heartbeat"),
    ];
    for (const i of inputs) {
      const r = v2Machine.step(left, i, ctx(20));
      expect(r.state).toBe(left);
      expect(r.effects).toEqual([]);
    }
    // A hand-back reaching it after it left, with no live peer to pass it to: it keeps it.
    const kept = v2Machine.step(left, msg("R", { type: "leave", stamp: peer }), ctx(20));
    // (P kept its own id too when it left, knowing no live peer: it now holds both halves.)
    expect(kept.state.stamp?.id).toBe(1);
    expect(kept.effects).toEqual([{ kind: "log", event: "leave-no-heir", data: {} }]);
    // A recompute timer that was already in flight only clears the pending flag.
    const rc = recompute({ ...left, pending: true }, 20);
    expect(rc.state.pending).toBe(false);
    expect(rc.state.counters.recomputes).toBe(0);
    expect(rc.effects).toEqual([]);
  });

  it("V2-5 counts an allocation older than the freshness window as expired and keeps no grant from it", () => {
    const { mine, peer } = ids();
    const r = started(spec("R", 0, 5, { P: 1 }), mine);
    const old = allocation("P", { R: { n: 4 } }, itc.event(peer), 1_000);
    const step = v2Machine.step(r, msg("P", old), ctx(61_000));
    expect(step.state.counters.expired).toBe(1);
    expect(step.state.counters.accepted).toBe(0);
    expect(step.state.allocs).toEqual({});
    expect(step.effects).toEqual([]);
    // Exactly at the boundary (timestamp = now − 60 s) it is still expired; one ms later it is fresh.
    expect(v2Machine.step(r, msg("P", old), ctx(61_000)).state.counters.expired).toBe(1);
    const fresh = v2Machine.step(r, msg("P", old), ctx(60_999));
    expect(fresh.state.counters.accepted).toBe(1);
    expect(fresh.state.allocs["P"]?.grants).toEqual({ n: 4 });
  });

  it("V2-2 a duplicated allocation is stale (per peer); a concurrent one from another provider is accepted", () => {
    const [mine, rest] = itc.fork(itc.seed());
    const [p, q] = itc.fork(rest);
    const r = started(spec("R", 0, 5, { P: 1, Q: 1 }), mine);
    const fromP = allocation("P", { R: { n: 2 } }, itc.event(p), 10);
    let s = v2Machine.step(r, msg("P", fromP), ctx(10)).state;
    s = v2Machine.step(s, msg("P", fromP), ctx(11)).state;
    expect(s.counters).toMatchObject({ accepted: 1, stale: 1 });
    // Q's stamp is concurrent with P's: neither is ≤ the other, and Q has no earlier stamp here.
    const fromQ = allocation("Q", { R: { n: 1 } }, itc.event(q), 12);
    expect(itc.concurrent(itc.event(p), itc.event(q))).toBe(true);
    s = v2Machine.step(s, msg("Q", fromQ), ctx(12)).state;
    expect(s.counters).toMatchObject({ accepted: 2, stale: 1 });
    // Both stamps were joined into mine (anonymously: my id is unchanged).
    expect(itc.leq(itc.peek(itc.event(p)), itc.peek(s.stamp as Stamp))).toBe(true);
    expect(itc.leq(itc.peek(itc.event(q)), itc.peek(s.stamp as Stamp))).toBe(true);
    expect((s.stamp as Stamp).id).toEqual(mine.id);
  });

  it("an allocation that grants me nothing, from a provider that never granted me, schedules nothing", () => {
    const { mine, peer } = ids();
    const r = started(spec("R", 0, 5, { P: 1 }), mine);
    const settled = recompute(r, 100).state;
    const step = v2Machine.step(
      settled,
      msg("P", allocation("P", { X: { n: 3 } }, itc.event(peer), 200)),
      ctx(200),
    );
    expect(step.state.counters.accepted).toBe(1);
    expect(step.state.allocs).toBe(settled.allocs);
    expect(step.state.pending).toBe(false);
    expect(step.effects).toEqual([]);
  });
});

describe("V2 node: timers in every status", () => {
  it("a newcomer without a sponsor waits: start, heartbeat and join-retry do nothing", () => {
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null });
    for (const i of [{ kind: "start" } as const, timer("heartbeat"), timer("join-retry")]) {
      const r = v2Machine.step(n, i, ctx(0));
      expect(r.state).toBe(n);
      expect(r.effects).toEqual([]);
    }
    expect(n.status).toBe("joining");
  });

  it("join-retry re-sends the fork request while joining, and stops once active", () => {
    const { mine } = ids();
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null, sponsor: "S" });
    const retry = v2Machine.step(n, timer("join-retry"), ctx(1000));
    expect(retry.effects).toEqual([
      { kind: "send", to: "S", msg: { type: "fork-request" } },
      { kind: "setTimer", name: "join-retry", delay: 1000 },
    ]);
    const active = v2Machine.step(n, msg("S", { type: "fork-grant", stamp: mine }), ctx(1001));
    expect(active.state.status).toBe("active");
    expect(active.effects).toContainEqual({ kind: "cancelTimer", name: "join-retry" });
    const late = v2Machine.step(active.state, timer("join-retry"), ctx(2000));
    expect(late.state).toBe(active.state);
    expect(late.effects).toEqual([]);
  });

  it("the heartbeat republishes even when nothing changed, and re-arms itself", () => {
    const { mine } = ids();
    const p = started(spec("P", 10, 0, {}), mine);
    const first = recompute(p, 100);
    const quiet = recompute(first.state, 200); // nothing changed: no publication
    expect(quiet.effects.filter((e) => e.kind === "broadcast")).toEqual([]);
    const hb = v2Machine.step(quiet.state, timer("heartbeat"), ctx(20_000));
    const kinds = hb.effects.flatMap((e) => (e.kind === "broadcast" ? [e.msg.type] : []));
    expect(kinds).toEqual(["commitment", "allocation"]);
    expect(hb.effects.at(-1)).toEqual({ kind: "setTimer", name: "heartbeat", delay: 20_000 });
    expect(itc.leq(quiet.state.stamp as Stamp, hb.state.stamp as Stamp)).toBe(true);
    expect(itc.equals(quiet.state.stamp as Stamp, hb.state.stamp as Stamp)).toBe(false);
  });

  it("an unknown timer changes nothing", () => {
    const { mine } = ids();
    const p = started(spec("P", 10, 0, {}), mine);
    const r = v2Machine.step(p, timer("no-such-timer"), ctx(5));
    expect(r.state).toBe(p);
    expect(r.effects).toEqual([]);
  });

  it("the debounce coalesces: the first change arms the timer, later ones do not, and it re-arms after firing", () => {
    const [mine, rest] = itc.fork(itc.seed());
    const [a, b] = itc.fork(rest);
    const p = started(spec("P", 10, 0, { A: 1, B: 1 }), mine);
    const afterStart = recompute(p, 1).state;
    const c1 = v2Machine.step(
      afterStart,
      msg("A", commitment(decl(spec("A", 0, 3, { P: 1 })), itc.event(a), 10)),
      ctx(10),
    );
    expect(c1.effects).toEqual([{ kind: "setTimer", name: "recompute", delay: 100 }]);
    const c2 = v2Machine.step(
      c1.state,
      msg("B", commitment(decl(spec("B", 0, 4, { P: 1 })), itc.event(b), 50)),
      ctx(50),
    );
    expect(c2.state.pending).toBe(true);
    expect(c2.effects).toEqual([]); // not pushed back
    const fired = recompute(c2.state, 110);
    expect(fired.state.pending).toBe(false);
    expect(grantTo(fired.state, "A") + grantTo(fired.state, "B")).toBeGreaterThan(0);
    const c3 = v2Machine.step(
      fired.state,
      msg("A", commitment(decl(spec("A", 0, 6, { P: 1 })), itc.event(itc.event(a)), 200)),
      ctx(200),
    );
    expect(c3.effects).toEqual([{ kind: "setTimer", name: "recompute", delay: 100 }]);
  });

  it("drops peers and grants not heard from within the freshness window at the next recompute", () => {
    const [mine, rest] = itc.fork(itc.seed());
    const [r, q] = itc.fork(rest);
    const p = started(spec("P", 10, 4, { R: 1, Q: 1 }), mine);
    let s = v2Machine.step(
      p,
      msg("R", commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(r), 0)),
      ctx(0),
    ).state;
    s = v2Machine.step(
      s,
      msg("Q", allocation("Q", { P: { n: 2 } }, itc.event(q), 0)),
      ctx(0),
    ).state;
    s = recompute(s, 100).state;
    expect(Object.keys(s.peers)).toEqual(["R"]);
    expect(s.decl.received).toEqual({ n: { Q: 2 } });
    expect(grantTo(s, "R")).toBeGreaterThan(0);
    s = recompute(s, 60_001).state; // both entries are 60 001 ms old now
    expect(s.peers).toEqual({});
    expect(s.allocs).toEqual({});
    expect(s.decl.received).toEqual({});
    expect(grantTo(s, "R")).toBe(0);
  });
});

describe("V2 node: relaxation and damping", () => {
  /** P (capacity 10) and R: R first needs 4, then 8. Returns P's grant to R after each recompute. */
  function grants(options: Partial<V2Options>): [number, number] {
    const { mine, peer } = ids();
    let p = started(spec("P", 10, 0, { R: 1 }), mine, options);
    p = v2Machine.step(
      p,
      msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(peer), 0)),
      ctx(0),
    ).state;
    p = recompute(p, 100).state;
    const first = grantTo(p, "R");
    const later = itc.event(itc.event(peer));
    p = v2Machine.step(
      p,
      msg("R", commitment(decl(spec("R", 0, 8, { P: 1 })), later, 200)),
      ctx(200),
    ).state;
    p = recompute(p, 300).state;
    return [first, grantTo(p, "R")];
  }

  it("λ = 1 without the shared step jumps to the new allocation (the seed)", () => {
    expect(grants({ relaxation: 1, sharedStep: false })).toEqual([4, 8]);
  });

  it("the default (λ = 0.5, shared step) moves half-way; the shared step alone with λ = 1 jumps when no one else grants", () => {
    expect(grants({})).toEqual([4, 6]);
    expect(grants({ relaxation: 1, sharedStep: true })).toEqual([4, 8]);
    expect(grants({ relaxation: 0.5, sharedStep: false })).toEqual([4, 6]);
  });

  it("with the seeds' damping a recipient whose grants go up, down, up gets the oscillating factor 0.5", () => {
    const { mine, peer } = ids();
    let r = started(spec("R", 0, 10, { P: 1 }), mine, { damping: true });
    let stamp = peer;
    const factors: number[] = [];
    const histories: number[] = [];
    [15, 5, 15].forEach((q, i) => {
      stamp = itc.event(stamp);
      const now = 1000 * (i + 1);
      r = v2Machine.step(r, msg("P", allocation("P", { R: { n: q } }, stamp, now)), ctx(now)).state;
      r = recompute(r, now + 100).state;
      factors.push(r.decl.damping_factor);
      histories.push(r.decl.damping_history.length);
    });
    expect(factors).toEqual([1, 1, 0.5]);
    expect(histories).toEqual([1, 2, 3]);
    expect(r.decl.damping_history.map((e) => e.overAllocation)).toEqual([5, -5, 5]);
    // Without damping the same grants leave the factor at 1 and keep no history.
    let u = started(spec("R", 0, 10, { P: 1 }), mine);
    stamp = peer;
    [15, 5, 15].forEach((q, i) => {
      stamp = itc.event(stamp);
      const now = 1000 * (i + 1);
      u = v2Machine.step(u, msg("P", allocation("P", { R: { n: q } }, stamp, now)), ctx(now)).state;
      u = recompute(u, now + 100).state;
    });
    expect(u.decl.damping_factor).toBe(1);
    expect(u.decl.damping_history).toEqual([]);
    expect(u.decl.received).toEqual({ n: { P: 15 } });
  });
});

describe("V2 node: leaving", () => {
  it("a node without sponsor or peers leaves without handing its id to anyone (it keeps it: lost to the others)", () => {
    const { mine } = ids();
    const p = started(spec("P", 10, 0, {}), mine);
    const r = v2Machine.step(p, timer(SIM_LEAVE), ctx(10));
    expect(r.state.status).toBe("left");
    expect(r.state.pending).toBe(false);
    expect(r.state.stamp).toBe(p.stamp);
    expect(r.effects).toEqual([
      { kind: "broadcast", msg: { type: "leave", stamp: null } },
      { kind: "cancelTimer", name: "heartbeat" },
      { kind: "cancelTimer", name: "recompute" },
      { kind: "cancelTimer", name: "join-retry" },
      { kind: "log", event: "leave-no-heir", data: {} },
    ]);
  });

  it("a newcomer that leaves before it got an id hands nothing over, even to its sponsor", () => {
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null, sponsor: "S" });
    const r = v2Machine.step(n, timer(SIM_LEAVE), ctx(10));
    expect(r.state.status).toBe("left");
    expect(r.effects.some((e) => e.kind === "send")).toBe(false);
  });

  it("without a sponsor the id goes to the live peer heard from last, which joins it and forgets the leaver", () => {
    const [mine, rest] = itc.fork(itc.seed());
    const [b, a] = itc.fork(rest);
    let leaver = started(spec("L", 0, 5, { A: 1, B: 1 }), mine);
    leaver = v2Machine.step(
      leaver,
      msg("B", commitment(decl(spec("B", 1, 0, {})), itc.event(b), 1)),
      ctx(1),
    ).state;
    leaver = v2Machine.step(
      leaver,
      msg("A", commitment(decl(spec("A", 1, 0, {})), itc.event(a), 2)),
      ctx(2),
    ).state;
    const out = v2Machine.step(leaver, timer(SIM_LEAVE), ctx(3));
    const hand = out.effects.find((e) => e.kind === "send");
    expect(hand).toEqual({ kind: "send", to: "A", msg: { type: "leave", stamp: leaver.stamp } });
    // A receives the hand-over: L's id becomes part of A's, and L's entries are gone.
    let heir = started(spec("A", 1, 0, { L: 1 }), a);
    heir = v2Machine.step(
      heir,
      msg("L", commitment(decl(spec("L", 0, 5, {})), itc.event(mine), 0)),
      ctx(0),
    ).state;
    expect(heir.peers["L"]).toBeDefined();
    const got = v2Machine.step(
      heir,
      msg("L", { type: "leave", stamp: leaver.stamp }),
      ctx(4),
    ).state;
    expect(got.peers["L"]).toBeUndefined();
    expect(itc.leq(itc.peek(leaver.stamp as Stamp), got.stamp as Stamp)).toBe(true);
    expect(v2Machine.check(heir, got)).toEqual([]);
    // A duplicated hand-over overlaps A's id now and is ignored (no throw, id unchanged).
    const dup = v2Machine.step(got, msg("L", { type: "leave", stamp: leaver.stamp }), ctx(5)).state;
    expect(dup.stamp).toBe(got.stamp);
  });
});

describe("V2 node: safety check and dishonest publications", () => {
  it("V2-1 the check reports a stamp that went backwards, and nothing for one that moved forward", () => {
    const { mine } = ids();
    const s = v2Init({ spec: spec("P", 0, 5, {}), stamp: itc.event(mine) });
    const back = { ...s, stamp: mine };
    expect(checkV2(s, back)).toEqual([{ id: "V2-1", message: "P: its stamp went backwards" }]);
    expect(checkV2(back, s)).toEqual([]);
    expect(v2Machine.check(s, { ...s, stamp: null })).toEqual([]);
  });

  it("view summarises a provider's grants per recipient and a joining node's empty stamp", () => {
    const { mine, peer } = ids();
    let p = started(spec("P", 10, 0, { R: 1 }), mine, { relaxation: 1 });
    p = v2Machine.step(
      p,
      msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(peer), 0)),
      ctx(0),
    ).state;
    p = recompute(p, 100).state;
    expect(v2Machine.view(p)).toMatchObject({ status: "active", grants: { R: 4 }, received: 0 });
    expect(v2Machine.kindOf({ type: "fork-request" })).toBe("fork-request");
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null });
    expect(v2Machine.view(n)).toEqual({
      status: "joining",
      stamp: "",
      damping: 1,
      received: 0,
      converged: false,
      grants: {},
    });
  });

  const pub: V2Message = {
    type: "commitment",
    decl: decl({
      ...spec("L", 0, 10, {}),
      need_slots: [
        { id: "n1", quantity: 10 },
        { id: "n2", quantity: 4 },
      ],
    }),
    stamp: itc.seed(),
    timestamp: EPOCH,
  };
  const needs = (m: V2Message) =>
    m.type === "commitment" ? m.decl.need_slots.map((n) => n.quantity) : [];

  it("lie-need multiplies every published need by its factor", () => {
    expect(needs(tamperV2(pub, { kind: "lie-need", factor: 3 }, () => 0.5))).toEqual([30, 12]);
  });

  it("noise multiplies all needs of a publication by one draw of exp(σ·Z)", () => {
    // u = 0.5, v = 0 → Z = √(2 ln 2) · cos 0.
    const draws = [0.5, 0];
    const random = () => draws.shift() ?? 0;
    const f = Math.exp(0.2 * Math.sqrt(-2 * Math.log(0.5)));
    const out = needs(tamperV2(pub, { kind: "noise", sigma: 0.2 }, random));
    expect(out[0]).toBeCloseTo(10 * f, 12);
    expect(out[1]).toBeCloseTo(4 * f, 12);
  });

  it("strategies about gossip (inflate, deflate, collude) and non-commitment messages pass unchanged", () => {
    for (const st of [
      { kind: "inflate", factor: 5 },
      { kind: "deflate", factor: 5 },
      { kind: "collude", value: 1 },
    ] as const)
      expect(tamperV2(pub, st, () => 0.5)).toBe(pub);
    const leave: V2Message = { type: "leave", stamp: null };
    expect(tamperV2(leave, { kind: "lie-need", factor: 3 }, () => 0.5)).toBe(leave);
  });
});

describe("V2 node: stamps and ids", () => {
  it("stampMerge 'none' keeps my stamp to my own events; a duplicated commitment is stale", () => {
    const { mine, peer } = ids();
    const p = started(spec("P", 10, 0, { R: 1 }), mine, { stampMerge: "none" });
    const c = commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(peer), 10);
    const s = v2Machine.step(p, msg("R", c), ctx(10)).state;
    expect(s.stamp).toBe(p.stamp);
    expect(s.peers["R"]).toBeDefined();
    const dup = v2Machine.step(s, msg("R", c), ctx(11));
    expect(dup.state.counters).toMatchObject({ accepted: 1, stale: 1 });
    expect(dup.effects).toEqual([]);
  });

  it("only an active node with an id forks it; a peer it already recognises keeps its weight", () => {
    const { mine } = ids();
    const joining = v2Init({ spec: spec("S", 10, 0, {}), stamp: null, sponsor: "T" });
    const r = v2Machine.step(joining, msg("N", { type: "fork-request" }), ctx(1));
    expect(r.state).toBe(joining);
    expect(r.effects).toEqual([]);
    const s = started(spec("S", 10, 0, { N: 3 }), mine);
    const fr = v2Machine.step(s, msg("N", { type: "fork-request" }), ctx(1));
    expect(fr.state.decl.recognition_weights).toEqual({ N: 3 });
    expect(fr.effects).toHaveLength(1); // the grant; no recompute: nothing changed
    const [kept, given] = itc.fork(mine);
    expect(fr.state.stamp).toEqual(kept);
    expect(fr.effects[0]).toEqual({
      kind: "send",
      to: "N",
      msg: { type: "fork-grant", stamp: given },
    });
  });

  it("a second fork grant (a retried request) is joined; a duplicate of one already joined is ignored", () => {
    const [g1, rest] = itc.fork(itc.seed());
    const [g2] = itc.fork(rest);
    const n = v2Init({ spec: spec("N", 0, 5, {}), stamp: null, sponsor: "S" });
    const a = v2Machine.step(n, msg("S", { type: "fork-grant", stamp: g1 }), ctx(1)).state;
    expect(a.stamp).toEqual(g1);
    const b = v2Machine.step(a, msg("S", { type: "fork-grant", stamp: g2 }), ctx(2)).state;
    expect(b.stamp).toEqual(itc.join(g1, g2));
    expect(v2Machine.check(a, b)).toEqual([]);
    const dup = v2Machine.step(b, msg("S", { type: "fork-grant", stamp: g2 }), ctx(3));
    expect(dup.state).toBe(b);
    const left = v2Machine.step(b, timer(SIM_LEAVE), ctx(4)).state;
    expect(v2Machine.step(left, msg("S", { type: "fork-grant", stamp: rest }), ctx(5)).state).toBe(
      left,
    );
  });

  it("V2-1 the check also verifies the allocation invariants of a new provider computation", () => {
    const { mine, peer } = ids();
    let p = started(spec("P", 10, 0, { R: 1 }), mine);
    p = v2Machine.step(
      p,
      msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(peer), 0)),
      ctx(0),
    ).state;
    const next = recompute(p, 100).state;
    expect(v2Machine.check(p, next)).toEqual([]);
    const pc = next.provider?.computation;
    if (pc === undefined) throw new Error("no computation");
    const over = {
      ...next,
      provider: {
        ...(next.provider as NonNullable<V2State["provider"]>),
        computation: {
          ...pc,
          result: {
            ...pc.result,
            slot_allocations: pc.result.slot_allocations.map((a) => ({ ...a, quantity: 40 })),
          },
        },
      },
    };
    expect(v2Machine.check(p, over).map((v) => v.id)).toEqual([
      "ALLOC-CAP-1",
      "ALLOC-CONTRACT-1",
      "ALLOC-CONTRACT-2",
    ]);
  });
});
