import { describe, expect, it } from "vitest";
import { CoreError } from "../../../src/core/errors.js";
import * as itc from "../../../src/core/itc/index.js";
import type { NodeContext } from "../../../src/core/protocols/machine.js";
import type { ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  isStale,
  v2Init,
  v2Machine,
  type V2Message,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

const ctx = (now: number): NodeContext => ({ now, self: "x", random: () => 0.25 });
const spec = (
  id: string,
  capacity: number,
  need: number,
  rec: Record<string, number>,
): ParticipantSpec => ({
  pubKey: id,
  capacity_slots: capacity > 0 ? [{ id: "s", quantity: capacity }] : [],
  need_slots: need > 0 ? [{ id: "n", quantity: need }] : [],
  recognition_weights: rec,
});

describe("V2 causality rules (seed 003)", () => {
  const [a0, rest] = itc.fork(itc.seed());
  const [b0, c0] = itc.fork(rest);
  const a1 = itc.event(a0); // A publishes
  const b1 = itc.event(itc.join(b0, itc.peek(a1))); // B saw A's update, then published
  const c1 = itc.join(c0, itc.peek(b1)); // C accepted B's update: it now "knows" A's event

  it("V2-2 per-peer: an update is stale only if it is ≤ the last one accepted from that peer", () => {
    expect(isStale("per-peer", a1, c1, undefined)).toBe(false); // C never saw A's own publication
    expect(isStale("per-peer", a1, c1, a1)).toBe(true); // duplicate
    expect(isStale("per-peer", itc.event(a1), c1, a1)).toBe(false); // newer
  });

  it("V2-2 seed-migration (leq(peer, mine)) drops A's update that C only learnt of through B", () => {
    expect(isStale("seed-migration", a1, c1, undefined)).toBe(true);
  });

  it("V2-2 seed-table (leq && equals) never calls two live participants' stamps stale, not even a duplicate", () => {
    expect(isStale("seed-table", a1, itc.join(c0, itc.peek(a1)), a1)).toBe(false);
  });

  it("V2-3 the seed's literal join(myStamp, peerStamp) merges ids and fails on the next merge of that peer", () => {
    const once = itc.join(c0, a1); // takes over A's id
    expect(() => itc.join(once, itc.event(a1))).toThrow(CoreError);
    // With peek (an anonymous copy), merging the same peer again is fine.
    expect(() => itc.join(itc.join(c0, itc.peek(a1)), itc.peek(itc.event(a1)))).not.toThrow();
  });
});

describe("V2 node", () => {
  it("V2-4 a newcomer forks its id from its sponsor, which then recognises it", () => {
    const [s0] = itc.fork(itc.seed());
    let sponsor: V2State = v2Init({ spec: spec("S", 10, 0, { X: 1 }), stamp: s0 });
    let newcomer: V2State = v2Init({ spec: spec("N", 0, 5, { S: 1 }), stamp: null, sponsor: "S" });
    const start = v2Machine.step(newcomer, { kind: "start" }, ctx(0));
    expect(start.effects).toContainEqual({ kind: "send", to: "S", msg: { type: "fork-request" } });
    newcomer = start.state;
    sponsor = v2Machine.step(sponsor, { kind: "start" }, ctx(0)).state;
    const fr = v2Machine.step(
      sponsor,
      { kind: "message", from: "N", msg: { type: "fork-request" } },
      ctx(5),
    );
    const grant = fr.effects.find((e) => e.kind === "send");
    expect(grant?.kind === "send" && grant.msg.type).toBe("fork-grant");
    expect(fr.state.decl.recognition_weights["N"]).toBe(1);
    const msg = (grant as { msg: V2Message }).msg;
    newcomer = v2Machine.step(newcomer, { kind: "message", from: "S", msg }, ctx(10)).state;
    expect(newcomer.status).toBe("active");
    // Disjoint ids: joining them must not throw.
    expect(() => itc.join(fr.state.stamp!, newcomer.stamp!)).not.toThrow();
  });

  it("V2-5 ignores publications older than the 60 s freshness window", () => {
    const [s0, s1] = itc.fork(itc.seed());
    const p = v2Machine.step(
      v2Init({ spec: spec("P", 10, 0, { R: 1 }), stamp: s0 }),
      { kind: "start" },
      ctx(0),
    ).state;
    const old: V2Message = {
      type: "commitment",
      decl: { ...spec("R", 0, 5, { P: 1 }), damping_factor: 1, damping_history: [], received: {} },
      stamp: itc.event(s1),
      timestamp: p.options.epochMs + 1000,
    };
    const r = v2Machine.step(p, { kind: "message", from: "R", msg: old }, ctx(70_000));
    expect(r.state.counters.expired).toBe(1);
    expect(r.state.peers["R"]).toBeUndefined();
  });
});

describe("V2 graceful leave: who inherits the id (SPEC.md §V2, Leaving)", () => {
  const [mine, other] = itc.fork(itc.seed());
  const commit = (from: string, stamp: itc.Stamp, at: number, to: V2State): V2State =>
    v2Machine.step(
      to,
      {
        kind: "message",
        from,
        msg: {
          type: "commitment",
          decl: { ...spec(from, 0, 1, {}), damping_factor: 1, damping_history: [], received: {} },
          stamp,
          timestamp: to.options.epochMs + at,
        },
      },
      ctx(at),
    ).state;
  const leave = (s: V2State, at: number) =>
    v2Machine.step(s, { kind: "timer", name: "sim:leave" }, ctx(at));
  const handedTo = (effects: readonly { kind: string; to?: string; msg?: unknown }[]) =>
    effects.find((e) => e.kind === "send" && (e.msg as V2Message).type === "leave")?.to;

  it("ITC-ID-1 the sponsor while it is a live peer; else the peer heard from last; never one that left", () => {
    let s = v2Init({ spec: spec("N", 0, 5, {}), stamp: mine, sponsor: "S" });
    s = commit("S", itc.peek(other), 1_000, s);
    s = commit("B", itc.peek(other), 2_000, s);
    s = commit("A", itc.peek(other), 3_000, s);
    expect(handedTo(leave(s, 4_000).effects)).toBe("S");
    // The sponsor is stale (heard from 60 s ago or more): the freshest peer.
    expect(handedTo(leave(s, 61_000).effects)).toBe("A");
    // The sponsor announced its leave: never chosen, nor after it is gone from peers.
    const gone = v2Machine.step(
      s,
      { kind: "message", from: "S", msg: { type: "leave", stamp: null } },
      ctx(4_000),
    ).state;
    expect(handedTo(leave(gone, 4_500).effects)).toBe("A");
    // No live peer at all: the id is kept (and counted lost by the simulator).
    const r = leave(s, 200_000);
    expect(handedTo(r.effects)).toBeUndefined();
    expect(r.state.stamp?.id).toEqual(mine.id);
  });

  it("ITC-ID-1 a node that has left passes on an id it receives: a hand-back to its heir, a fork grant back to its sponsor", () => {
    let s = v2Init({ spec: spec("N", 0, 5, {}), stamp: mine, sponsor: "S" });
    s = commit("A", itc.peek(other), 1_000, s);
    s = commit("B", itc.peek(other), 1_500, s);
    const left = leave(s, 2_000).state;
    expect(left.status).toBe("left");
    expect(left.stamp).toBeNull();
    // B hands its id to N, which left meanwhile: N passes it on, not back to B.
    const r = v2Machine.step(
      left,
      { kind: "message", from: "B", msg: { type: "leave", stamp: other } },
      ctx(2_100),
    );
    expect(handedTo(r.effects)).toBe("A");
    // A newcomer that leaves before its grant arrives returns the grant to its sponsor.
    const j = leave(v2Init({ spec: spec("J", 0, 5, {}), stamp: null, sponsor: "S" }), 10).state;
    const g = v2Machine.step(
      j,
      { kind: "message", from: "S", msg: { type: "fork-grant", stamp: other } },
      ctx(50),
    );
    expect(handedTo(g.effects)).toBe("S");
  });
});
