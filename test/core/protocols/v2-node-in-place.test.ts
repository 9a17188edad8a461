/**
 * The V2 node's contacts and its in-place step (found by StrykerJS, session 8): a newcomer's
 * contacts are kept sorted and without itself, and the first is its heir when it has heard from
 * no one; the in-place step writes into the state the driver adopted — no copy of the state,
 * its per-peer records or its counters per message (issue 12, `NodeMachine.inPlace`).
 */
import { describe, expect, it } from "vitest";
import { allocation, commitment, decl, idsOf, msg, timer } from "./v2-inputs.js";
import * as itc from "../../../src/core/itc/index.js";
import type { Stamp } from "../../../src/core/itc/index.js";
import type { NodeContext } from "../../../src/core/protocols/machine.js";
import type { ParticipantSpec } from "../../../src/core/protocols/participant.js";
import {
  adoptV2,
  SIM_LEAVE,
  v2Init,
  v2Machine,
  type V2State,
} from "../../../src/core/protocols/v2-node.js";

const ctx = (now: number): NodeContext => ({ now, self: "x", random: () => 0.25 });
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
function started(s: ParticipantSpec, stamp: Stamp): V2State {
  return v2Machine.step(v2Init({ spec: s, stamp }), { kind: "start" }, ctx(0)).state;
}
const step = (s: V2State, input: Parameters<typeof v2Machine.step>[1], now: number) =>
  v2Machine.step(s, input, ctx(now));

describe("V2 node: contacts (the last resort heir)", () => {
  it("keeps its contacts sorted, without itself, and hands its id to the first when it has heard from no one", () => {
    const [mine] = idsOf(1) as [Stamp];
    const s = v2Init({ spec: spec("N", 0, 5, {}), stamp: mine, contacts: ["c", "N", "a"] });
    expect(s.contacts).toEqual(["a", "c"]);
    const r = step(started(spec("N", 0, 5, {}), mine), timer(SIM_LEAVE), 10);
    expect(r.effects.filter((e) => e.kind === "send")).toEqual([]);
    const left = step({ ...s, status: "active" }, timer(SIM_LEAVE), 10);
    expect(left.effects.filter((e) => e.kind === "send")).toEqual([
      { kind: "send", to: "a", msg: { type: "leave", stamp: mine } },
    ]);
    expect(v2Init({ spec: spec("N", 0, 5, {}), stamp: mine }).contacts).toEqual([]);
  });
});

describe("V2 node: the in-place step writes into the adopted state (issue 12)", () => {
  it("no copy of the state, its per-peer records or its counters per message", () => {
    const [mine, a0] = idsOf(2) as [Stamp, Stamp];
    const s = adoptV2(started(spec("R", 0, 10, { A: 1 }), mine));
    const { peers, allocs, lastCommitStamp, lastAllocStamp, counters } = s;
    const inPlace = v2Machine.inPlace;
    if (inPlace === undefined) throw new Error("v2Machine has no in-place step");
    let r = inPlace.step(
      s,
      msg("A", commitment(decl(spec("A", 5, 0, {})), itc.event(a0), 1)),
      ctx(1),
    );
    r = inPlace.step(
      r.state,
      msg("A", allocation("A", { R: { n: 2 } }, itc.event(itc.event(a0)), 2)),
      ctx(2),
    );
    r = inPlace.step(
      r.state,
      msg("A", commitment(decl(spec("A", 6, 0, {})), itc.event(itc.event(itc.event(a0))), 3)),
      ctx(3),
    );
    expect(r.state).toBe(s);
    expect(s.peers).toBe(peers);
    expect(s.allocs).toBe(allocs);
    expect(s.lastCommitStamp).toBe(lastCommitStamp);
    expect(s.lastAllocStamp).toBe(lastAllocStamp);
    expect(s.counters).toBe(counters);
    expect(s.counters.accepted).toBe(3);
    expect(Object.keys(s.peers)).toEqual(["A"]);
    expect(Object.keys(s.allocs)).toEqual(["A"]);
  });
});

const recompute = (s: V2State, now: number) => step(s, timer("recompute"), now);
const broadcasts = (effects: readonly { kind: string; msg?: unknown }[]) =>
  effects.flatMap((e) => (e.kind === "broadcast" ? [e.msg as { type: string }] : []));

describe("V2 node: a recompute with some peers stale and some fresh (V2-5)", () => {
  it("drops only the peers and grants heard from 60 s ago or more, and keeps the others", () => {
    const [mine, a0, b0] = idsOf(3) as [Stamp, Stamp, Stamp];
    let r = started(spec("R", 0, 10, { A: 1, B: 1 }), mine);
    r = step(r, msg("A", commitment(decl(spec("A", 5, 0, {})), itc.event(a0), 0)), 0).state;
    r = step(r, msg("A", allocation("A", { R: { n: 2 } }, itc.event(itc.event(a0)), 0)), 0).state;
    r = step(
      r,
      msg("B", commitment(decl(spec("B", 5, 0, {})), itc.event(b0), 30_000)),
      30_000,
    ).state;
    r = step(
      r,
      msg("B", allocation("B", { R: { n: 3 } }, itc.event(itc.event(b0)), 30_000)),
      30_000,
    ).state;
    const out = recompute(r, 60_000);
    expect(Object.keys(out.state.peers)).toEqual(["B"]);
    expect(Object.keys(out.state.allocs)).toEqual(["B"]);
    expect(out.state.decl.received).toEqual({ n: { B: 3 } });
  });
});

describe("V2 node: a need change (the driver's sim:need=<q> timer)", () => {
  it("arms the debounce, and the recompute republishes the commitment with the new need", () => {
    const [mine] = idsOf(1) as [Stamp];
    const r = recompute(started(spec("R", 0, 10, { P: 1 }), mine), 100).state;
    const changed = step(r, timer("sim:need=7"), 200);
    expect(changed.effects).toEqual([{ kind: "setTimer", name: "recompute", delay: 100 }]);
    const pub = broadcasts(recompute(changed.state, 300).effects);
    expect(pub).toMatchObject([
      { type: "commitment", decl: { need_slots: [{ id: "n", quantity: 7 }] } },
    ]);
  });
});

describe("V2 node: a provider converges when its denominators move by less than ε", () => {
  it("a move of exactly ε is not converged; ε a little above the move is", () => {
    const run = (epsilon: number) => {
      const [mine, r0] = idsOf(2) as [Stamp, Stamp];
      const options = { relaxation: 1, sharedStep: false, epsilon };
      let p = v2Machine.step(
        v2Init({ spec: spec("P", 10, 0, { R: 1 }), stamp: mine, options }),
        { kind: "start" },
        ctx(0),
      ).state;
      p = step(p, msg("R", commitment(decl(spec("R", 0, 4, { P: 1 })), itc.event(r0), 0)), 0).state;
      const first = recompute(p, 100).state;
      const c = commitment(decl(spec("R", 0, 5, { P: 1 })), itc.event(itc.event(r0)), 200);
      const out = recompute(step(first, msg("R", c), 200).state, 300);
      const log = out.effects.find((e) => e.kind === "log" && e.event === "recompute");
      return (log as unknown as { data: { converged: boolean; delta: number } }).data;
    };
    const { delta, converged } = run(1e-9);
    expect(delta).toBeGreaterThan(0);
    expect(converged).toBe(false);
    expect(run(delta).converged).toBe(false);
    expect(run(delta * 1.000001).converged).toBe(true);
  });
});
