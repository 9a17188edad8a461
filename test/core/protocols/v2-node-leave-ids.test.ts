/**
 * The V2 node's leave and id hand-over, need changes and id accounting, at the points StrykerJS
 * found unpinned on today's code (session 8): who inherits an id (a sponsor seen only through
 * its grant, ties, contacts and peers that announced their leave), duplicated grants and
 * hand-overs (never joined twice), what the simulator's ITC-ID-1 accounting reads of states and
 * messages, and the `sim:need=<q>` timer.
 */
import { describe, expect, it } from "vitest";
import { handedTo, heard, leave, spec, step } from "./v2-leave-kit.js";
import { commitment, decl, idsOf, msg, timer } from "./v2-inputs.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import {
  needChangeOf,
  needChangeTimer,
  v2Init,
  v2Machine,
  withNeed,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

describe("V2 leave: who inherits the id", () => {
  const [mine, other, third] = idsOf(3) as [Stamp, Stamp, Stamp];

  it("a newcomer's sponsor seen only through its fork grant is its heir; a grant from another node does not make the sponsor live", () => {
    const j = v2Init({ spec: spec("J", 5), stamp: null, sponsor: "S", contacts: ["C"] });
    const fromSponsor = step(j, msg("S", { type: "fork-grant", stamp: mine }), 100).state;
    expect(handedTo(leave(fromSponsor, 200).effects)).toBe("S");
    const fromOther = step(j, msg("X", { type: "fork-grant", stamp: mine }), 100).state;
    expect(handedTo(leave(fromOther, 200).effects)).toBe("C");
  });

  it("ties between peers heard at the same time go to the smallest id", () => {
    let s = v2Init({ spec: spec("N", 5), stamp: mine });
    s = heard(s, "B", itc.peek(other), 1_000);
    s = heard(s, "A", itc.peek(other), 1_000);
    expect(handedTo(leave(s, 2_000).effects)).toBe("A");
  });

  it("a contact that announced its leave is no longer a heir", () => {
    const s = v2Init({ spec: spec("N", 5), stamp: mine, contacts: ["A", "C"] });
    const gone = step(s, msg("A", { type: "leave", stamp: null }), 10).state;
    expect(gone.contacts).toEqual(["C"]);
    expect(handedTo(leave(gone, 20).effects)).toBe("C");
  });

  it("a node that left forgets peers that leave after it, and passes a later id to a live one only", () => {
    let s = v2Init({ spec: spec("N", 5), stamp: mine });
    s = heard(s, "A", itc.peek(other), 1_000);
    s = heard(s, "B", itc.peek(other), 1_500);
    const left = leave(s, 2_000).state;
    const bGone = step(left, msg("B", { type: "leave", stamp: null }), 2_100).state;
    expect(Object.keys(bGone.peers)).toEqual(["A"]);
    // A hands its id to N: N's heir would be B, had it not forgotten B's leave — it keeps it.
    const r = step(bGone, msg("A", { type: "leave", stamp: other }), 2_200);
    expect(handedTo(r.effects)).toBeUndefined();
    expect(r.state.stamp).toBe(other);
    // The same hand-over again (duplicated by the network) overlaps what it keeps: ignored.
    const again = step(r.state, msg("A", { type: "leave", stamp: other }), 2_300);
    expect(again.state.stamp).toBe(other);
  });

  it("a newcomer without an id that leaves hands nothing over", () => {
    const j = v2Init({ spec: spec("J", 5), stamp: null, sponsor: "S", contacts: ["C"] });
    const r = leave(j, 10);
    expect(r.effects.filter((e) => e.kind === "send" || e.kind === "log")).toEqual([]);
    expect(r.state.stamp).toBeNull();
  });

  it("a duplicated fork grant is not joined twice", () => {
    const j = v2Init({ spec: spec("J", 5), stamp: null, sponsor: "S" });
    const a = step(j, msg("S", { type: "fork-grant", stamp: mine }), 100).state;
    const b = step(a, msg("S", { type: "fork-grant", stamp: third }), 200).state;
    expect(itc.equals(b.stamp as Stamp, itc.join(mine, third))).toBe(true);
    const c = step(b, msg("S", { type: "fork-grant", stamp: third }), 300);
    expect(c.state.stamp).toBe(b.stamp);
  });
});

describe("V2 node: what ITC-ID-1's accounting reads", () => {
  const [mine] = idsOf(1) as [Stamp];
  it("a state's id; a fork grant's and a hand-over's id; nothing else carries one", () => {
    const ids = v2Machine.ids;
    if (ids === undefined) throw new Error("v2Machine has no ids");
    expect(ids.ofState(v2Init({ spec: spec("N", 5), stamp: mine }))).toEqual(mine.id);
    expect(ids.ofState(v2Init({ spec: spec("N", 5), stamp: null }))).toBeUndefined();
    expect(ids.ofMessage({ type: "fork-grant", stamp: mine })).toEqual(mine.id);
    expect(ids.ofMessage({ type: "leave", stamp: mine })).toEqual(mine.id);
    expect(ids.ofMessage({ type: "leave", stamp: null })).toBeUndefined();
    expect(ids.ofMessage({ type: "fork-request" })).toBeUndefined();
    expect(ids.ofMessage(commitment(decl(spec("A", 0)), itc.peek(mine), 0))).toBeUndefined();
  });
});

describe("V2 node: need changes (sim:need=<q>)", () => {
  const [mine] = idsOf(1) as [Stamp];
  it("needChangeTimer and needChangeOf are inverse; 0 is a quantity, negative and non-numbers are not", () => {
    expect(needChangeTimer(7)).toBe("sim:need=7");
    expect(needChangeOf(needChangeTimer(7))).toBe(7);
    expect(needChangeOf("sim:need=0")).toBe(0);
    for (const name of ["sim:need=-1", "sim:need=x", "sim:need=Infinity", "other"])
      expect(needChangeOf(name)).toBeUndefined();
  });

  it("withNeed sets every need slot and returns a declaration without need slots itself", () => {
    const d = decl(spec("N", 5));
    expect(withNeed(d, 9).need_slots).toEqual([{ id: "n", quantity: 9 }]);
    const none = decl(spec("N", 0));
    expect(withNeed(none, 9)).toBe(none);
  });

  it("a node without needs, a node that left and an unknown timer ignore it", () => {
    const started = (n: number) =>
      step(v2Init({ spec: spec("N", n), stamp: mine }), { kind: "start" }, 0).state;
    const quiet = (s: V2State, name: string) => {
      const r = step({ ...s, pending: false }, timer(name), 10);
      expect(r.effects).toEqual([]);
      expect(r.state.decl).toBe(s.decl);
    };
    quiet(started(0), "sim:need=3");
    quiet(leave(started(5), 5).state, "sim:need=3");
    quiet(started(5), "other");
    quiet(started(5), "sim:need=-1");
  });
});
