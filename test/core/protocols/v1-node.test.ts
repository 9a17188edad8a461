import { describe, expect, it } from "vitest";
import type { NodeContext } from "../../../src/core/protocols/machine.js";
import {
  advancementTarget,
  v1Init,
  v1Machine,
  type V1State,
} from "../../../src/core/protocols/v1-node.js";
import * as vclock from "../../../src/core/vclock.js";

const ctx = (now: number): NodeContext => ({ now, self: "a", random: () => 0 });
const spec = {
  pubKey: "a",
  capacity_slots: [],
  need_slots: [{ id: "n", quantity: 5 }],
  recognition_weights: { b: 1 },
};

describe("V1 node (seeds 001/002)", () => {
  it("V1-2 advances when at least half of its active peers are in a later round, to the round they reached", () => {
    let s: V1State = v1Machine.step(v1Init({ spec }), { kind: "start" }, ctx(0)).state;
    const rs = (from: string, round: number) =>
      ({
        kind: "message",
        from,
        msg: { type: "round-state", round, vc: vclock.event(vclock.empty(), from) },
      }) as const;
    s = v1Machine.step(s, rs("b", 0), ctx(1)).state;
    s = v1Machine.step(s, rs("d", 0), ctx(1)).state;
    s = v1Machine.step(s, rs("c", 3), ctx(2)).state;
    expect(s.round).toBe(0); // 1 of 3 active peers ahead: below 50 %
    expect(advancementTarget(s, 2)).toBeNull();
    const r = v1Machine.step(s, rs("e", 2), ctx(3)); // 2 of 4 ahead (rounds 3 and 2)
    expect(r.state.round).toBe(2);
    expect(r.state.counters.advances).toBe(1);
  });

  it("V1-3 the per-peer rule accepts a publication whose counter it only knew transitively; the seed rule drops it", () => {
    const base = v1Init({ spec });
    const known = { ...base, vc: vclock.join(base.vc, { c: 1 }) }; // learnt c's counter 1 through someone else
    const msg = {
      kind: "message" as const,
      from: "c",
      msg: {
        type: "commitment" as const,
        round: 0,
        vc: { c: 1 },
        timestamp: 1,
        decl: { ...spec, pubKey: "c", damping_factor: 1, damping_history: [], received: {} },
      },
    };
    expect(v1Machine.step(known, msg, ctx(1)).state.peers["c"]).toBeDefined();
    const seedRule = { ...known, options: { ...known.options, staleRule: "seed" as const } };
    expect(v1Machine.step(seedRule, msg, ctx(1)).state.peers["c"]).toBeUndefined();
  });

  it("V1-1 increments its clock before publishing each round, never going back", () => {
    const r = v1Machine.step(v1Init({ spec }), { kind: "start" }, ctx(0));
    expect(v1Machine.check(v1Init({ spec }), r.state)).toEqual([]);
    expect(vclock.get(r.state.vc, "a")).toBe(1);
    expect(r.effects.filter((e) => e.kind === "broadcast").length).toBe(2);
  });
});
